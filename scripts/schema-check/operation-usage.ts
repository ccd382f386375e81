import {
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/**
 * The schema coordinates an operation depends on, resolved against `schema`: the types it selects
 * on (`Product`), its fields (`Product.price`, and the same field on each implementation when
 * selected through an interface), the arguments it passes (`Query.products(first:)`), directives
 * (`@include`), and every input type, input field, enum and enum value it can send or receive.
 * Input fields and enum values count whole because a variable can carry any of them.
 */
export function collectSchemaUsage(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);

  const useNamedType = (type: GraphQLNamedType | null | undefined): void => {
    if (!type || used.has(type.name)) return;
    used.add(type.name);
    if (isEnumType(type)) {
      for (const value of type.getValues()) used.add(`${type.name}.${value.name}`);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        used.add(`${type.name}.${field.name}`);
        useNamedType(getNamedType(field.type));
      }
    }
  };

  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition() {
        useNamedType(typeInfo.getType() && getNamedType(typeInfo.getType()));
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        useNamedType(type && getNamedType(type));
      },
      InlineFragment() {
        useNamedType(typeInfo.getType() && getNamedType(typeInfo.getType()));
      },
      FragmentDefinition() {
        useNamedType(typeInfo.getType() && getNamedType(typeInfo.getType()));
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        used.add(parent.name);
        used.add(`${parent.name}.${node.name.value}`);
        if (isInterfaceType(parent)) {
          for (const implementation of schema.getPossibleTypes(parent)) {
            used.add(`${implementation.name}.${node.name.value}`);
          }
        }
        useNamedType(getNamedType(field.type));
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return;
        const directive = typeInfo.getDirective();
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (directive) used.add(`@${directive.name}(${node.name.value}:)`);
        else if (parent && field) used.add(`${parent.name}.${field.name}(${node.name.value}:)`);
        useNamedType(getNamedType(argument.type));
      },
      Directive(node) {
        used.add(`@${node.name.value}`);
      },
    }),
  );
  return used;
}

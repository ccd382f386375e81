/**
 * Input the check cannot use: a bad argument, a file that is missing or does not parse, a subgraph
 * URL that does not answer. The CLI prints the message and exits with code 2.
 */
export class InputError extends Error {
  constructor(
    message: string,
    /** True when the command line itself was wrong, so the usage text helps. */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

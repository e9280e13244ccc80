/** A WHERE fragment (alias given by the caller) limiting rows to what someone may see, with its positional parameters. */
export interface ScopeFilter {
  sql: string;
  params: unknown[];
}

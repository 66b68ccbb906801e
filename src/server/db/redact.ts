import { isPostgres } from "./sql.js";

/**
 * A database as it may be shown (log lines, errors, messages): a PostgreSQL URL with its password, in the user
 * part or a query parameter (password=, sslpassword=), replaced by `***`; a SQLite file as it is.
 */
export function redactDatabaseUrl(database: string): string {
  if (!isPostgres(database)) return database;
  const start = database.indexOf("://") + 3;
  const end = database.slice(start).search(/[/?#]/);
  const authorityEnd = end < 0 ? database.length : start + end;
  // The user part ends at the authority's last @. A URL that does not parse (a password with an unencoded / ? #
  // or %) may have its password past them: then it ends at the last @ of all, so that such a password is hidden.
  let at = URL.canParse(database) ? database.lastIndexOf("@", authorityEnd - 1) : -1;
  if (at < start) at = database.lastIndexOf("@");
  const colon = database.indexOf(":", start);
  const shown =
    at >= start && colon >= 0 && colon < at
      ? `${database.slice(0, colon + 1)}***${database.slice(at)}`
      : database;
  return shown.replace(/([?&][^=&#]*password=)[^&#]*/gi, "$1***");
}

// node audit.mjs <url>: runs graphql-http's serverAudits against <url> and prints one JSON
// line: [{id, name, status, reason}], status one of ok, warn (a SHOULD failed), error (a MUST
// failed), notice (a MAY failed).
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
const results = [];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  results.push({ id: result.id, name: result.name, status: result.status, reason: result.reason });
}
console.log(JSON.stringify(results));

// `npm run build:web`: builds the playground into site/ and prints the file sizes against the bundle budget.
import { buildSite, formatBuild } from '../src/playground/build.ts';

console.log(formatBuild(await buildSite()));

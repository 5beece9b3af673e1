// Shrinks a hand-written script that diverges: drops comments, then chunks of lines, while the divergence remains.
import { parseScript } from '../script/compile.ts';

/**
 * The shortest script found by removing lines from `source` (halves, then quarters, ... then single lines) such that
 * it still parses and `fails` still holds. Random scripts are shrunk by fast-check instead (run.ts).
 */
export async function shrinkLines(source: string, fails: (s: string) => Promise<boolean>): Promise<string> {
  const code = (l: string): boolean => l.replace(/#.*/, '').trim() !== '';
  let lines = source.split('\n').filter(code);
  const text = (ls: readonly string[]): string => `${ls.join('\n')}\n`;
  if (!(await fails(text(lines)))) return source;
  // Passes until nothing more can go: removing one line may free another (a dup whose close went first).
  for (let before = Infinity; lines.length < before;) {
    before = lines.length;
    for (let size = Math.max(1, lines.length >> 1); size >= 1; size >>= 1) {
      for (let at = 0; at < lines.length;) {
        const cand = [...lines.slice(0, at), ...lines.slice(at + size)];
        if (cand.length > 0 && parseScript(text(cand)).ok && (await fails(text(cand)))) lines = cand;
        else at += size;
      }
    }
  }
  return text(lines);
}

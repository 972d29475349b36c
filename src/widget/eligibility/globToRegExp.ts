/**
 * Turns a path glob into an anchored RegExp: `**` matches across `/`, `*` within one segment,
 * `?` one character. `/c/**` matches `/c` and everything under it.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `/**` also matches the bare parent path.
      if (source.endsWith('/')) source = source.slice(0, -1) + '(?:/.*)?';
      else source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return RegExp(`^${source}$`);
}

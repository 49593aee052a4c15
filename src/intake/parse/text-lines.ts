// Physical lines from decoded text chunks, for unquoted flat files (FEC). Records end with CR
// and/or LF (A47 A-1); a CRLF split across two chunks still counts as one line end.

export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let carry = "";
  let pendingCr = false;
  for await (const chunk of chunks) {
    let s = chunk;
    if (pendingCr && s.charCodeAt(0) === 10) s = s.substring(1);
    pendingCr = false;
    const text = carry + s;
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      lines.push(text.substring(start, i));
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else pendingCr = true;
      }
      start = i + 1;
    }
    carry = text.substring(start);
    if (lines.length > 0) yield lines;
  }
  if (carry !== "") yield [carry];
}

/**
 * The bytes of an IPv4 or IPv6 address as an X.509 SubjectAltName `iPAddress` holds them: 4 bytes for IPv4
 * (dotted quad), 16 for IPv6 (hex groups, with `::` compression).
 *
 * Cost: linear in the length of the text.
 *
 * @throws RangeError when the text is not an IPv4 or IPv6 address (a quad above 255, a bad group, a wrong count).
 * @example
 * ipBytes('127.0.0.1').toString('hex') // → '7f000001'
 * ipBytes('::1').toString('hex')       // → '00000000000000000000000000000001'
 */
export function ipBytes(ip: string): Buffer {
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    if (parts.some((p) => p > 255)) throw new RangeError(`Not an IPv4 address: ${ip}`);
    return Buffer.from(parts);
  }
  const [head = '', tail] = ip.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...new Array<string>(fill).fill('0'), ...right];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) throw new RangeError(`Not an IP address: ${ip}`);
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** The packed encoding as a string, for Model.encode (humans and tests; check() hashes the ints). */
export function encodePacked(state: Int32Array): string {
  let out = '';
  for (let i = 0; i < state.length; i++) out += (i === 0 ? '' : ',') + state[i];
  return out;
}

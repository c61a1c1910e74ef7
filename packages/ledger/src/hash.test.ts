import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.ts';
import { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash, rootOfLeafHashes, sha256 } from './hash.ts';

/** integrity.md, "Test vectors": the 8-leaf tree of RFC 6962's test suite. */
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 6962 hashing', () => {
  it('hashes the empty leaf to 6e340b9c…a01d and the empty tree to SHA-256("")', () => {
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(ROOTS[1]);
    expect(toHex(EMPTY_ROOT)).toBe(ROOTS[0]);
    expect(EMPTY_ROOT).toHaveLength(HASH_SIZE);
  });

  it('gives the known roots of the 8-leaf tree for sizes 0..8', () => {
    const hashes = LEAVES.map((l) => leafHash(fromHex(l)));
    ROOTS.forEach((root, size) => {
      expect(toHex(rootOfLeafHashes(hashes.slice(0, size))), `size ${size}`).toBe(root);
    });
  });

  it('separates leaves from nodes with the 0x00 / 0x01 prefixes', () => {
    const a = sha256(new Uint8Array([1]));
    const b = sha256(new Uint8Array([2]));
    const joined = new Uint8Array([...a, ...b]);
    expect(toHex(nodeHash(a, b))).toBe(toHex(sha256(new Uint8Array([1, ...joined]))));
    expect(toHex(leafHash(joined))).toBe(toHex(sha256(new Uint8Array([0, ...joined]))));
    expect(toHex(nodeHash(a, b))).not.toBe(toHex(nodeHash(b, a)));
  });

  it('returns independent arrays (the node hash buffer is not shared)', () => {
    const a = sha256(new Uint8Array([1]));
    const first = nodeHash(a, a);
    const copy = first.slice();
    nodeHash(first, first);
    expect(first).toEqual(copy);
  });
});

import struct, sys, collections
def sections(data):
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3A)
    hdrs = [struct.unpack_from('<IIQQQQIIQQ', data, shoff + i*shentsize) for i in range(shnum)]
    strtab = hdrs[shstrndx]
    def name(off):
        s = strtab[4] + off
        return data[s:data.index(b'\0', s)].decode()
    return {name(h[0]): (h[4], h[5]) for h in hdrs}
path = sys.argv[1]
data = open(path, 'rb').read()
off, size = sections(data)['.nv_fatbin']
end = off + size
kinds = collections.Counter()
pos = off
while pos < end:
    magic, ver, hsize, fsize = struct.unpack_from('<IHHQ', data, pos)
    if magic != 0xBA55ED50:
        pos += 8; continue
    e = pos + hsize
    stop = e + fsize
    while e < stop:
        kind, _, ehs, psize, csize, _, minor, major, arch = struct.unpack_from('<HHIQIIHHI', data, e)
        kinds[('PTX' if kind == 1 else 'SASS' if kind == 2 else str(kind), arch)] += 1
        e += ehs + psize
    pos = stop
for (k, a), n in sorted(kinds.items(), key=lambda x: (x[0][0], x[0][1])):
    print(k, 'sm_%d' % a, n)

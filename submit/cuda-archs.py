#!/usr/bin/env python3
"""Lists the CUDA kernels a shared library carries, from the fat binary in its .nv_fatbin section:
kind (SASS = a cubin for one architecture, PTX = code the driver can compile for newer GPUs) and
architecture, with how many of each. What `cuobjdump --list-elf --list-ptx` shows, without CUDA.

  unzip -j nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar '*/libnd4jcuda.so' && python3 submit/cuda-archs.py libnd4jcuda.so

Fat binary layout (as NVIDIA's fatbinary.h and cuobjdump read it): a 16-byte header (magic
0xBA55ED50, version, header size, payload size), then entries, each with a header of kind (1 PTX,
2 ELF), header size, payload size, ..., and the architecture (e.g. 86 for sm_86) at offset 28.
"""
import collections
import struct
import sys

FATBIN_MAGIC = 0xBA55ED50


def section(data, wanted):
    """(offset, size) of an ELF64 section by name."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = headers[shstrndx][4]
    for h in headers:
        start = names + h[0]
        if data[start:data.index(b"\0", start)].decode() == wanted:
            return h[4], h[5]
    return None


def kernels(data):
    found = section(data, ".nv_fatbin")
    counts = collections.Counter()
    if found is None:
        return counts
    pos, end = found[0], found[0] + found[1]
    while pos < end:
        magic, _, header_size, fat_size = struct.unpack_from("<IHHQ", data, pos)
        if magic != FATBIN_MAGIC:
            pos += 8  # fat binaries are 8-byte aligned in the section
            continue
        entry, stop = pos + header_size, pos + header_size + fat_size
        while entry < stop:
            kind, _, entry_header, payload, _, _, _, _, arch = struct.unpack_from("<HHIQIIHHI", data, entry)
            counts[("PTX" if kind == 1 else "SASS" if kind == 2 else f"kind{kind}", arch)] += 1
            entry += entry_header + payload
        pos = stop
    return counts


def main():
    with open(sys.argv[1], "rb") as f:
        counts = kernels(f.read())
    if not counts:
        print("no .nv_fatbin section: no CUDA kernels")
    for (kind, arch), n in sorted(counts.items()):
        print(f"{kind} sm_{arch} {n}")


if __name__ == "__main__":
    main()

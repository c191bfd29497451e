# Writes small hwloc 2.x XML topologies by hand for the Topology tests.
import sys
gp = [0]
def g():
    gp[0] += 1
    return gp[0]
def mask(pus):
    v = 0
    for p in pus: v |= 1 << p
    return "0x%08x" % v
def sets(pus, nodes):
    return 'cpuset="%s" complete_cpuset="%s" nodeset="%s" complete_nodeset="%s"' % (mask(pus), mask(pus), mask(nodes), mask(nodes))
def pu(i, nodes, ind):
    return ind + '<object type="PU" os_index="%d" %s gp_index="%d"/>\n' % (i, sets([i], nodes), g())
def core(i, pus, nodes, ind):
    s = ind + '<object type="Core" os_index="%d" %s gp_index="%d">\n' % (i, sets(pus, nodes), g())
    for p in pus: s += pu(p, nodes, ind + "  ")
    return s + ind + '</object>\n'
def cache(t, level, size, ctype, osi, pus, nodes, ind, inner):
    s = ind + '<object type="%s" os_index="%d" %s gp_index="%d" cache_size="%d" depth="%d" cache_linesize="64" cache_associativity="8" cache_type="%d">\n' % (t, osi, sets(pus, nodes), g(), size, level, ctype)
    return s + inner + ind + '</object>\n'
def numa(i, mem, pus, ind):
    return ind + '<object type="NUMANode" os_index="%d" %s gp_index="%d" local_memory="%d"/>\n' % (i, sets(pus, [i]), g(), mem)

def two_packages_smt():
    # 2 packages x 2 cores x 2 PUs; Linux-style numbering: siblings are n and n+4.
    # One NUMA node (8 GiB) per package. PUs 6 and 7 are not allowed. A GPU on package 1.
    allpus = list(range(8))
    body = ""
    for p in range(2):
        cores = [(2*p + c, [2*p + c, 2*p + c + 4]) for c in range(2)]
        pus = sorted(x for _, ps in cores for x in ps)
        s = '    <object type="Package" os_index="%d" %s gp_index="%d">\n' % (p, sets(pus, [p]), g())
        s += '      <info name="CPUModel" value="Test CPU 8C"/>\n'
        s += numa(p, 8 << 30, pus, "      ")
        inner = ""
        for ci, (cid, cpus) in enumerate(cores):
            c = core(cid, cpus, [p], "            ")
            l1 = cache("L1Cache", 1, 32768, 1, cid, cpus, [p], "          ", c)
            inner += cache("L2Cache", 2, 1 << 20, 0, cid, cpus, [p], "        ", l1)
        s += cache("L3Cache", 3, 16 << 20, 0, p, pus, [p], "      ", inner)
        if p == 1:
            s += '      <object type="Bridge" gp_index="%d" bridge_type="0-1" depth="0" bridge_pci="0000:[65-65]">\n' % g()
            s += '        <object type="PCIDev" gp_index="%d" pci_busid="0000:65:00.0" pci_type="0302 [10de:2335] [10de:18be] a1" pci_link_speed="0.000000"/>\n' % g()
            s += '      </object>\n'
        body += s + '    </object>\n'
    return allpus, [0, 1], body, [0, 1, 2, 4, 5, 6]

def four_numa_nosmt():
    # 2 packages x 2 L3 domains x 2 cores, one PU per core; a NUMA node (4 GiB) per L3.
    allpus = list(range(8))
    body = ""
    for p in range(2):
        pus = list(range(4*p, 4*p + 4))
        s = '    <object type="Package" os_index="%d" %s gp_index="%d">\n' % (p, sets(pus, [2*p, 2*p+1]), g())
        s += '      <info name="CPUModel" value="Test CPU 8C no SMT"/>\n'
        for d in range(2):
            node = 2*p + d
            dpus = list(range(4*p + 2*d, 4*p + 2*d + 2))
            inner = numa(node, 4 << 30, dpus, "        ")
            for cid in dpus:
                c = core(cid, [cid], [node], "            ")
                inner += cache("L2Cache", 2, 512 << 10, 0, cid, [cid], [node], "        ",
                               cache("L1Cache", 1, 49152, 1, cid, [cid], [node], "          ", c))
            s += cache("L3Cache", 3, 8 << 20, 0, node, dpus, [node], "      ", inner)
        body += s + '    </object>\n'
    return allpus, [0, 1, 2, 3], body, allpus

def write(name, spec):
    gp[0] = 0
    allpus, nodes, body, allowed = spec()
    out = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE topology SYSTEM "hwloc2.dtd">\n<topology version="2.0">\n'
    out += '  <object type="Machine" os_index="0" cpuset="%s" complete_cpuset="%s" allowed_cpuset="%s" nodeset="%s" complete_nodeset="%s" allowed_nodeset="%s" gp_index="%d">\n' % (mask(allpus), mask(allpus), mask(allowed), mask(nodes), mask(nodes), mask(nodes), g())
    out += '    <info name="Backend" value="Linux"/>\n    <info name="Architecture" value="x86_64"/>\n'
    out += body + '  </object>\n</topology>\n'
    open(name, "w").write(out)

write("two-packages-smt.xml", two_packages_smt)
write("four-numa-no-smt.xml", four_numa_nosmt)

// The catalog facts read of a whole target (CatalogReader::readAll), measured: median of several runs without
// the write-rate samples, and one run with them (they overlap the queries, then wait for what is left of the
// interval).
//
//   catalog_bench CONNINFO [RUNS] [POSTMASTER_PID]
//
// Wall time depends on what else the machine runs. With the postmaster's pid (a local server), the CPU time
// of the reading backend is also reported: the postmaster reaps its backends, so their CPU time adds to its
// cutime+cstime.

#include "target/CatalogReader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace sluice::model;

namespace {

// CPU milliseconds of the postmaster's reaped children (fields 16 and 17 of /proc/PID/stat), or -1.
double reapedChildrenCpuMs(long pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (pid <= 0 || !std::getline(stat, line))
        return -1;
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 17 && fields >> field; ++i) {
        if (i >= 16)
            ticks += std::stod(field);
    }
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Milliseconds of one read, or -1 after printing why it failed.
double timedRead(const QString &conninfo, const CatalogReadSettings &settings, std::size_t *relations)
{
    QElapsedTimer timer;
    timer.start();
    const auto facts = CatalogReader::readAll(conninfo, settings);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (!facts) {
        std::fprintf(stderr, "catalog_bench: %s\n", qPrintable(facts.error().message));
        return -1;
    }
    for (const auto &unknown : facts->unknowns)
        std::fprintf(stderr, "catalog_bench: unknown: %s\n", unknown.c_str());
    *relations = facts->tables.size();
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: catalog_bench CONNINFO [RUNS] [POSTMASTER_PID]\n");
        return 2;
    }
    const auto conninfo = QString::fromLocal8Bit(argv[1]);
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    CatalogReadSettings withoutSamples;
    withoutSamples.writeSampleMs = 0;
    const long postmaster = argc > 3 ? std::atol(argv[3]) : 0;
    std::size_t relations = 0;
    std::vector<double> times, clientCpu, serverCpu;
    for (int i = 0; i < runs; ++i) {
        const double serverBefore = reapedChildrenCpuMs(postmaster);
        const auto clientBefore = std::clock();
        const double ms = timedRead(conninfo, withoutSamples, &relations);
        if (ms < 0)
            return 1;
        times.push_back(ms);
        clientCpu.push_back(double(std::clock() - clientBefore) * 1000.0 / CLOCKS_PER_SEC);
        // The backend exits after the read; give the postmaster a moment to reap it.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (serverBefore >= 0)
            serverCpu.push_back(reapedChildrenCpuMs(postmaster) - serverBefore);
    }
    std::printf("catalog facts of %zu relations over %d runs: median %.0f ms, min %.0f ms, max %.0f ms "
                "(client CPU median %.0f ms)\n",
                relations, runs, median(times), *std::min_element(times.begin(), times.end()),
                *std::max_element(times.begin(), times.end()), median(clientCpu));
    if (!serverCpu.empty())
        std::printf("server CPU of the reading backend: median %.0f ms\n", median(serverCpu));
    const double sampled = timedRead(conninfo, CatalogReadSettings{}, &relations);
    if (sampled < 0)
        return 1;
    std::printf("with write rates sampled 1 s apart: %.0f ms\n", sampled);
    return 0;
}

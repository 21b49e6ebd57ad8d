// Review throughput and latency against libpg_query's own JSON parse, on the same input, in one run; and the
// parts of a review's cost: libpg_query's raw parse (the floor under any engine built on it) and Sluice's
// parse tree built from it.
//
//   review_bench CORPUS_DIR [google-benchmark flags]
//
// corpus: the files written by gen_corpus.py; typical.sql is the 50-statement migration for latency.

#include "raw_parse.h"
#include "review/Engine.h"
#include "review/ParseTree.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <pg_query.h>
#include <sstream>
#include <thread>

namespace {

std::vector<std::string> g_corpus;
std::string g_typical;
std::size_t g_bytes = 0;

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void lintCorpus(benchmark::State &state)
{
    for (auto _ : state) {
        std::size_t findings = 0;
        for (const auto &sql : g_corpus)
            findings += sluice::review::lint(sql).findings.size();
        benchmark::DoNotOptimize(findings);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
}

// As `sluicectl lint` runs: one migration per task, on every core.
template <class Task> void corpusOnEveryCore(benchmark::State &state, Task task)
{
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (auto _ : state) {
        std::vector<std::thread> pool;
        std::atomic<std::size_t> next{0};
        for (unsigned t = 0; t < threads; ++t) {
            pool.emplace_back([&] {
                for (std::size_t i = next++; i < g_corpus.size(); i = next++)
                    task(g_corpus[i]);
            });
        }
        for (auto &t : pool)
            t.join();
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
    state.counters["threads"] = threads;
}

void lintCorpusAllCores(benchmark::State &state)
{
    corpusOnEveryCore(state, [](const std::string &sql) {
        benchmark::DoNotOptimize(sluice::review::lint(sql).findings.size());
    });
}

void rawParseCorpus(benchmark::State &state)
{
    for (auto _ : state) {
        for (const auto &sql : g_corpus)
            benchmark::DoNotOptimize(bench_raw_parse(sql.c_str()));
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
}

void rawParseCorpusAllCores(benchmark::State &state)
{
    corpusOnEveryCore(state,
                      [](const std::string &sql) { benchmark::DoNotOptimize(bench_raw_parse(sql.c_str())); });
}

// The raw parse and Sluice's tree built from it: what the rules start from.
void treeCorpus(benchmark::State &state)
{
    for (auto _ : state) {
        for (const auto &sql : g_corpus)
            benchmark::DoNotOptimize(sluice::review::ParseTree::parse(sql.c_str()).tree);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
}

void parseCorpusJson(benchmark::State &state)
{
    for (auto _ : state) {
        for (const auto &sql : g_corpus) {
            auto result = pg_query_parse(sql.c_str());
            benchmark::DoNotOptimize(result.parse_tree);
            pg_query_free_parse_result(result);
        }
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
}

// The engine against libpg_query's JSON parse, paired migration by migration: each is timed right after the
// other (in alternating order), so a change in the core's speed from one minute to the next touches both
// sides of the ratio alike.
void lintOverParse(benchmark::State &state)
{
    using Clock = std::chrono::steady_clock;
    Clock::duration lint{}, parse{};
    bool lintFirst = true;
    for (auto _ : state) {
        for (const auto &sql : g_corpus) {
            const auto lintOne = [&] {
                const auto start = Clock::now();
                benchmark::DoNotOptimize(sluice::review::lint(sql).findings.size());
                lint += Clock::now() - start;
            };
            const auto parseOne = [&] {
                const auto start = Clock::now();
                auto result = pg_query_parse(sql.c_str());
                benchmark::DoNotOptimize(result.parse_tree);
                pg_query_free_parse_result(result);
                parse += Clock::now() - start;
            };
            if (lintFirst) {
                lintOne();
                parseOne();
            } else {
                parseOne();
                lintOne();
            }
            lintFirst = !lintFirst;
        }
    }
    state.counters["ratio"] = double(lint.count()) / double(parse.count());
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
}

void lintTypical(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(sluice::review::lint(g_typical).findings.size());
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_typical.size()));
}

void parseTypicalJson(benchmark::State &state)
{
    for (auto _ : state) {
        auto result = pg_query_parse(g_typical.c_str());
        benchmark::DoNotOptimize(result.parse_tree);
        pg_query_free_parse_result(result);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_typical.size()));
}

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: review_bench CORPUS_DIR [benchmark flags]\n");
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(argv[1])) {
        if (entry.path().extension() == ".sql" && entry.path().filename() != "typical.sql")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto &f : files) {
        g_corpus.push_back(readFile(f));
        g_bytes += g_corpus.back().size();
    }
    g_typical = readFile(std::filesystem::path(argv[1]) / "typical.sql");
    if (g_corpus.empty() || g_typical.empty()) {
        std::fprintf(stderr, "review_bench: no corpus in %s (run gen_corpus.py)\n", argv[1]);
        return 2;
    }
    benchmark::RegisterBenchmark("sluice_lint/corpus/1-thread", lintCorpus)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("sluice_lint/corpus/all-cores", lintCorpusAllCores)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("pg_query_parse_json/corpus", parseCorpusJson)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("sluice_lint_over_parse_json/corpus", lintOverParse)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("pg_query_raw_parse/corpus/1-thread", rawParseCorpus)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("pg_query_raw_parse/corpus/all-cores", rawParseCorpusAllCores)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("sluice_parse_tree/corpus/1-thread", treeCorpus)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("sluice_lint/typical-50", lintTypical)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("pg_query_parse_json/typical-50", parseTypicalJson)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

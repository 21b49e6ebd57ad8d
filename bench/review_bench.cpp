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

// What each benchmark does to one migration.
void lintOne(const std::string &sql)
{
    benchmark::DoNotOptimize(sluice::review::lint(sql).findings.size());
}

void parseJsonOne(const std::string &sql)
{
    auto result = pg_query_parse(sql.c_str());
    benchmark::DoNotOptimize(result.parse_tree);
    pg_query_free_parse_result(result);
}

void rawParseOne(const std::string &sql)
{
    benchmark::DoNotOptimize(bench_raw_parse(sql.c_str()));
}

// The raw parse and Sluice's tree built from it: what the rules start from.
void treeOne(const std::string &sql)
{
    benchmark::DoNotOptimize(sluice::review::ParseTree::parse(sql.c_str()).tree);
}

// Every migration of the corpus, one after the other on one thread.
template <void (*task)(const std::string &)> void corpusOnOneThread(benchmark::State &state)
{
    for (auto _ : state) {
        for (const auto &sql : g_corpus)
            task(sql);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
}

// As `sluicectl lint` runs: one migration per task, on every core.
template <void (*task)(const std::string &)> void corpusOnEveryCore(benchmark::State &state)
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

// The typical 50-statement migration, for latency.
template <void (*task)(const std::string &)> void typical(benchmark::State &state)
{
    for (auto _ : state)
        task(g_typical);
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_typical.size()));
}

// The engine against libpg_query's JSON parse, paired migration by migration: each is timed right after the
// other (in alternating order), so a change in the core's speed from one minute to the next touches both
// sides of the ratio alike.
void lintOverParse(benchmark::State &state)
{
    using Clock = std::chrono::steady_clock;
    Clock::duration lint{}, parse{};
    const auto timed = [](void (*task)(const std::string &), const std::string &sql, Clock::duration &sum) {
        const auto start = Clock::now();
        task(sql);
        sum += Clock::now() - start;
    };
    bool lintFirst = true;
    for (auto _ : state) {
        for (const auto &sql : g_corpus) {
            if (lintFirst) {
                timed(lintOne, sql, lint);
                timed(parseJsonOne, sql, parse);
            } else {
                timed(parseJsonOne, sql, parse);
                timed(lintOne, sql, lint);
            }
            lintFirst = !lintFirst;
        }
    }
    state.counters["ratio"] = double(lint.count()) / double(parse.count());
    state.SetBytesProcessed(std::int64_t(state.iterations() * g_bytes));
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
    // The names are what bench/run-review-bench.sh reads.
    const std::pair<const char *, void (*)(benchmark::State &)> corpus[] = {
        {"sluice_lint/corpus/1-thread", corpusOnOneThread<lintOne>},
        {"sluice_lint/corpus/all-cores", corpusOnEveryCore<lintOne>},
        {"pg_query_parse_json/corpus", corpusOnOneThread<parseJsonOne>},
        {"sluice_lint_over_parse_json/corpus", lintOverParse},
        {"pg_query_raw_parse/corpus/1-thread", corpusOnOneThread<rawParseOne>},
        {"pg_query_raw_parse/corpus/all-cores", corpusOnEveryCore<rawParseOne>},
        {"sluice_parse_tree/corpus/1-thread", corpusOnOneThread<treeOne>},
    };
    for (const auto &[name, run] : corpus)
        benchmark::RegisterBenchmark(name, run)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("sluice_lint/typical-50", typical<lintOne>)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("pg_query_parse_json/typical-50", typical<parseJsonOne>)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

#pragma once

// Internal to the blast radius (BlastRadius.cpp): PostgreSQL's lock table, how figures read in a sentence,
// and one statement's scope (the columns it uses, what it drops) before sizes and sessions are looked up.

#include "BlastRadius.h"
#include "ScriptState.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review::blast {

using Table = CatalogFacts::Table;

// Lock modes by rank, weakest first, in the order of LockMode (0 = none).
constexpr int kAccessShare = 1, kShare = 5, kShareUpdateExclusive = 4, kAccessExclusive = 8;
constexpr std::array<std::string_view, 9> kModeNames{
    "",          "AccessShareLock",       "RowShareLock",  "RowExclusiveLock",   "ShareUpdateExclusiveLock",
    "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"};
constexpr std::array<std::string_view, 9> kModeTitles{
    "",      "ACCESS SHARE",        "ROW SHARE", "ROW EXCLUSIVE",   "SHARE UPDATE EXCLUSIVE",
    "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"};

// One measured throughput is a point; cache, load and bloat spread the real figure around it.
constexpr double kFastFactor = 0.7, kSlowFactor = 2.0;
// Writes per second from which a table counts as hot without an admin's tag.
constexpr double kHotWritesPerSecond = 10;

// The rank of a lock mode as pg_locks or a sentence names it ("AccessExclusiveLock", "ACCESS EXCLUSIVE"); 0
// when unknown.
[[nodiscard]] int lockRank(std::string_view mode);
// Whether locks of these ranks conflict (PostgreSQL's Table 13.2).
[[nodiscard]] bool conflicts(int a, int b);
[[nodiscard]] Risk raise(Risk level);
// How bad it is that reads (or only writes) wait this long.
[[nodiscard]] Risk blockedLevel(bool blocksReads, double seconds);

// Figures as a sentence reads them: "1.5", "12,345", "3.2 GB", "about 40–90 s".
[[nodiscard]] std::string decimal(double value);
[[nodiscard]] std::string count(double value);
[[nodiscard]] std::string bytesText(std::int64_t bytes);
[[nodiscard]] std::string secondsText(double low, double high);
// "public.t" for "t".
[[nodiscard]] std::string qualify(const std::string &name);
// "a, b, c and 2 more".
[[nodiscard]] std::string join(const std::vector<std::string> &items, std::size_t limit = 5);
[[nodiscard]] std::string kindOfRelkind(char relkind);
[[nodiscard]] std::string kindOfCreate(std::string_view statementKind);

// How a statement uses a column of a table ("" = every column).
struct ColumnUse
{
    enum Effect { Read, Change, Destroy };
    std::string column;
    Effect effect = Read;
};

// One statement as this analysis sees it.
struct Scope
{
    std::size_t ordinal = 0;
    std::string kind;
    Node body;
    bool dml = false;
    std::string target; // qualified name of the statement's main relation
    std::optional<std::int64_t> rows;
    std::set<std::string> dropped;
    std::map<std::string, std::vector<ColumnUse>> uses;
    std::optional<long long> lockTimeoutMs;
    std::vector<BlastRadius::Reason> reasons;
};

[[nodiscard]] Scope makeScope(const Statement &statement, std::size_t index, const StatementFacts &facts,
                              const ScriptState &state);

// What the statement does to a relation before sizes and sessions are looked up.
struct Touch
{
    std::string name;
    int rank = 0;
    bool observed = false;
    bool isNew = false;
    bool rewrite = false;
    bool scan = false;
    bool indexBuild = false;
};

[[nodiscard]] std::optional<std::int64_t> rowEstimate(const Table *t);
[[nodiscard]] bool isHot(const Table *t);
// The dependents of t (views, triggers, functions...) the statement breaks or must rebuild.
[[nodiscard]] std::vector<std::string> affectedDependents(const Table &t, const std::string &name,
                                                          const Scope &scope);

} // namespace sluice::review::blast

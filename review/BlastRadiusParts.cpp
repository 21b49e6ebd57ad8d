#include "BlastRadiusParts.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <initializer_list>

namespace sluice::review::blast {

namespace {

constexpr unsigned modes(std::initializer_list<int> ranks)
{
    unsigned mask = 0;
    for (const int r : ranks)
        mask |= 1u << r;
    return mask;
}

// PostgreSQL's Table 13.2: the modes each mode conflicts with.
constexpr std::array<unsigned, 9> kConflicts{
    0,
    modes({8}),
    modes({7, 8}),
    modes({5, 6, 7, 8}),
    modes({4, 5, 6, 7, 8}),
    modes({3, 4, 6, 7, 8}),
    modes({3, 4, 5, 6, 7, 8}),
    modes({2, 3, 4, 5, 6, 7, 8}),
    modes({1, 2, 3, 4, 5, 6, 7, 8}),
};

} // namespace

int lockRank(std::string_view mode)
{
    std::string key;
    for (const char c : mode) {
        if (std::isalpha(static_cast<unsigned char>(c)))
            key += char(std::tolower(static_cast<unsigned char>(c)));
    }
    if (key.size() > 4 && key.ends_with("lock"))
        key.resize(key.size() - 4);
    for (std::size_t r = 1; r < kModeNames.size(); ++r) {
        std::string name;
        for (const char c : kModeNames[r].substr(0, kModeNames[r].size() - 4))
            name += char(std::tolower(static_cast<unsigned char>(c)));
        if (key == name)
            return int(r);
    }
    return 0;
}

bool conflicts(int a, int b)
{
    return a > 0 && b > 0 && (kConflicts[std::size_t(a)] >> b & 1u);
}

Risk raise(Risk level)
{
    return level == Risk::Critical ? level : Risk(int(level) + 1);
}

Risk blockedLevel(bool blocksReads, double seconds)
{
    if (seconds >= (blocksReads ? 60 : 300))
        return Risk::Critical;
    if (seconds >= (blocksReads ? 5 : 30))
        return Risk::High;
    if (seconds >= (blocksReads ? 1 : 5))
        return Risk::Moderate;
    return Risk::Low;
}

std::string decimal(double value)
{
    char buffer[32];
    if (value < 10 && std::abs(value - std::round(value)) >= 0.05)
        std::snprintf(buffer, sizeof buffer, "%.1f", value);
    else
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
}

std::string count(double value)
{
    auto digits = std::to_string(static_cast<long long>(std::llround(value)));
    for (auto i = digits.size(); i > 3; i -= 3)
        digits.insert(i - 3, ",");
    return digits;
}

std::string bytesText(std::int64_t bytes)
{
    static constexpr std::array<std::string_view, 5> units{"bytes", "kB", "MB", "GB", "TB"};
    double value = double(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < units.size()) {
        value /= 1024;
        ++unit;
    }
    return decimal(value) + " " + std::string(units[unit]);
}

// "about 40–90 s", "about 12 min", "under a second".
std::string secondsText(double low, double high)
{
    if (high < 1)
        return "under a second";
    const double scale = high >= 7200 ? 3600 : high >= 120 ? 60 : 1;
    const std::string_view unit = high >= 7200 ? "h" : high >= 120 ? "min" : "s";
    const auto from = decimal(low / scale), to = decimal(high / scale);
    return "about " + (from == to ? to : from + "–" + to) + " " + std::string(unit);
}

std::string qualify(const std::string &name)
{
    return name.empty() || name.find('.') != std::string::npos ? name : "public." + name;
}

std::string join(const std::vector<std::string> &items, std::size_t limit)
{
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < limit; ++i)
        out += (i ? ", " : "") + items[i];
    if (items.size() > limit)
        out += " and " + std::to_string(items.size() - limit) + " more";
    return out;
}

std::string kindOfRelkind(char relkind)
{
    switch (relkind) {
    case 'p':
        return "partitioned table";
    case 'v':
        return "view";
    case 'm':
        return "materialized view";
    case 'f':
        return "foreign table";
    default:
        return "table";
    }
}

std::string kindOfCreate(std::string_view statementKind)
{
    if (statementKind == "ViewStmt")
        return "view";
    if (statementKind == "IndexStmt")
        return "index";
    if (statementKind == "CreateSeqStmt")
        return "sequence";
    return "table";
}

namespace {

void collectColumnUses(Scope &scope, const StatementFacts &facts)
{
    const auto &kind = scope.kind;
    const auto body = scope.body;
    auto &target = scope.uses[scope.target];
    if (kind == "DeleteStmt") {
        target.push_back({"", ColumnUse::Destroy});
    } else if (kind == "UpdateStmt") {
        for (const Node t : body["targetList"])
            target.push_back({std::string(t.as("ResTarget")["name"].str()), ColumnUse::Change});
    } else if (kind == "InsertStmt") {
        if (body["cols"].size() == 0)
            target.push_back({"", ColumnUse::Change});
        for (const Node c : body["cols"])
            target.push_back({std::string(c.as("ResTarget")["name"].str()), ColumnUse::Change});
    } else if (kind == "AlterTableStmt") {
        for (const Node c : body["cmds"]) {
            const auto cmd = c.as("AlterTableCmd");
            const auto subtype = cmd["subtype"].str();
            const auto column = std::string(cmd["name"].str());
            if (subtype == "AT_DropColumn")
                target.push_back({column, ColumnUse::Destroy});
            else if (subtype == "AT_AlterColumnType")
                target.push_back({column, ColumnUse::Change});
            else if (!column.empty() && subtype != "AT_DropConstraint" &&
                     subtype != "AT_ValidateConstraint" && subtype != "AT_AddColumn")
                target.push_back({column, ColumnUse::Read});
        }
    } else if (kind == "IndexStmt") {
        for (const Node e : body["indexParams"])
            target.push_back({std::string(e.as("IndexElem")["name"].str()), ColumnUse::Read});
    } else if (kind == "TruncateStmt" || kind == "DropStmt") {
        for (const auto &r : facts.relations) {
            if (kind == "TruncateStmt" || scope.dropped.count(qualify(r.relation)))
                scope.uses[qualify(r.relation)].push_back({"", ColumnUse::Destroy});
        }
    }
}

} // namespace

Scope makeScope(const Statement &statement, std::size_t index, const StatementFacts &facts,
                const ScriptState &state)
{
    Scope scope;
    scope.ordinal = index + 1;
    scope.kind = statement.kind;
    scope.body = statement.tree.body();
    scope.dml = facts.isDml;
    scope.lockTimeoutMs = state.lockTimeoutMs;
    if (const auto relation = scope.body["relation"]; relation.valid())
        scope.target = qualify(tree::qualifiedName(relation));
    if (scope.kind == "DropStmt") {
        const auto type = scope.body["removeType"].str();
        if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
            type == "OBJECT_FOREIGN_TABLE" || type == "OBJECT_SEQUENCE") {
            for (const auto &r : facts.relations)
                scope.dropped.insert(qualify(r.relation));
        }
    }
    collectColumnUses(scope, facts);
    return scope;
}

std::optional<std::int64_t> rowEstimate(const Table *t)
{
    if (!t)
        return std::nullopt;
    return t->rowEstimate ? t->rowEstimate : t->liveRows;
}

bool isHot(const Table *t)
{
    return t && (t->tags.count("hot") || t->writesPerSecond.value_or(0) >= kHotWritesPerSecond);
}

std::vector<std::string> affectedDependents(const Table &t, const std::string &name, const Scope &scope)
{
    std::vector<std::string> out;
    auto add = [&out](const CatalogFacts::Dependent &d) {
        out.push_back(d.kind + " " + d.name + (d.column.empty() ? "" : " (column " + d.column + ")"));
    };
    if (scope.dropped.count(name)) {
        for (const auto &d : t.dependents)
            add(d);
        return out;
    }
    if (name != scope.target)
        return out;
    if (scope.kind == "AlterTableStmt") {
        for (const Node c : scope.body["cmds"]) {
            const auto cmd = c.as("AlterTableCmd");
            const auto subtype = cmd["subtype"].str();
            if (subtype != "AT_DropColumn" && subtype != "AT_AlterColumnType")
                continue;
            for (const auto &d : t.dependents) {
                if (d.column == cmd["name"].str())
                    add(d);
            }
        }
    } else if (scope.kind == "RenameStmt" || scope.kind == "AlterObjectSchemaStmt") {
        // Views, triggers and constraints follow the table's OID; function bodies name it in text.
        const auto column = scope.body["renameType"].str() == "OBJECT_COLUMN" ? scope.body["subname"].str()
                                                                              : std::string_view();
        for (const auto &d : t.dependents) {
            if (d.kind == "function" && (column.empty() || d.column.empty() || d.column == column))
                add(d);
        }
    }
    return out;
}

} // namespace sluice::review::blast

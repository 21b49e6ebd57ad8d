#include "SchemaDiff.h"

#include <algorithm>
#include <tuple>

namespace sluice::review {
namespace {

// Where a change sorts: the category of object, the relation (or other object) it belongs to, its rank among
// that object's members, and its own identity.
using SortKey = std::tuple<int, std::string, int, std::string, std::string>;

// The relation a pg_get_indexdef() text is on: "CREATE INDEX i ON [ONLY] public.t USING btree (...)".
std::string indexedRelation(const std::string &definition)
{
    auto on = definition.find(" ON ");
    if (on == std::string::npos)
        return {};
    on += 4;
    if (definition.compare(on, 5, "ONLY ") == 0)
        on += 5;
    const auto using_ = definition.find(" USING ", on);
    return definition.substr(on, using_ == std::string::npos ? std::string::npos : using_ - on);
}

// "public.t.c" -> "public.t": an identity without its last part (cut at the last unquoted dot).
std::string ownerOf(const std::string &identity)
{
    bool quoted = false;
    auto cut = std::string::npos;
    for (std::size_t i = 0; i < identity.size(); ++i) {
        if (identity[i] == '"')
            quoted = !quoted;
        else if (identity[i] == '.' && !quoted)
            cut = i;
    }
    return cut == std::string::npos ? identity : identity.substr(0, cut);
}

SortKey sortKey(const std::string &kind, const std::string &identity, const std::string &definition)
{
    static const std::map<std::string, int> memberRank{
        {"table", 0},  {"foreign-table", 0}, {"view", 0},  {"materialized-view", 0},
        {"column", 1}, {"constraint", 2},    {"index", 3}, {"trigger", 4},
        {"policy", 5}, {"sequence", 6}};
    if (kind == "schema" || kind == "extension")
        return {0, identity, 0, identity, kind};
    if (kind == "type")
        return {1, identity, 0, identity, kind};
    if (kind == "grant" || kind == "comment") {
        // Next to the object the grant or comment is about.
        const auto [targetKind, targetIdentity] = splitSnapshotKey(identity);
        auto key = sortKey(targetKind, targetIdentity, {});
        std::get<2>(key) = 10 + (kind == "comment" ? 1 : 0) + std::get<2>(key);
        std::get<3>(key) = targetIdentity + " " + kind;
        return key;
    }
    const auto rank = memberRank.find(kind);
    if (rank == memberRank.end())
        return {kind == "function" || kind == "procedure" ? 4 : 5, identity, 0, identity, kind};
    std::string group = identity;
    if (kind == "column" || kind == "constraint" || kind == "trigger" || kind == "policy")
        group = ownerOf(identity);
    else if (kind == "index")
        group = indexedRelation(definition);
    return {3, group, rank->second, identity, kind};
}

} // namespace

const char *changeName(SchemaChange::Kind kind)
{
    switch (kind) {
    case SchemaChange::Kind::Added:
        return "added";
    case SchemaChange::Kind::Removed:
        return "removed";
    case SchemaChange::Kind::Changed:
        break;
    }
    return "changed";
}

std::pair<std::string, std::string> splitSnapshotKey(const std::string &key)
{
    const auto space = key.find(' ');
    if (space == std::string::npos)
        return {key, {}};
    return {key.substr(0, space), key.substr(space + 1)};
}

std::vector<std::string> identityParts(std::string_view identity)
{
    std::vector<std::string> parts(1);
    bool quoted = false;
    for (std::size_t i = 0; i < identity.size(); ++i) {
        const char c = identity[i];
        if (c == '"') {
            if (quoted && i + 1 < identity.size() && identity[i + 1] == '"') {
                parts.back() += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == '.' && !quoted) {
            parts.emplace_back();
        } else if (c == '(' && !quoted) {
            // A function's argument list belongs to its last part.
            parts.back() += identity.substr(i);
            break;
        } else {
            parts.back() += c;
        }
    }
    return parts;
}

std::vector<SchemaChange> diffSchemas(const SchemaSnapshot &before, const SchemaSnapshot &after)
{
    std::vector<std::pair<SortKey, SchemaChange>> changes;
    auto add = [&](const std::string &key, SchemaChange::Kind change, const std::string *was,
                   const std::string *is) {
        auto [kind, identity] = splitSnapshotKey(key);
        auto order = sortKey(kind, identity, is ? *is : *was);
        changes.push_back(
            {std::move(order), SchemaChange{std::move(identity), std::move(kind), change,
                                            was ? *was : std::string(), is ? *is : std::string()}});
    };
    auto b = before.begin();
    auto a = after.begin();
    while (b != before.end() || a != after.end()) {
        if (a == after.end() || (b != before.end() && b->first < a->first)) {
            add(b->first, SchemaChange::Kind::Removed, &b->second, nullptr);
            ++b;
        } else if (b == before.end() || a->first < b->first) {
            add(a->first, SchemaChange::Kind::Added, nullptr, &a->second);
            ++a;
        } else {
            if (a->second != b->second)
                add(a->first, SchemaChange::Kind::Changed, &b->second, &a->second);
            ++a;
            ++b;
        }
    }
    std::stable_sort(changes.begin(), changes.end(),
                     [](const auto &x, const auto &y) { return x.first < y.first; });
    std::vector<SchemaChange> out;
    out.reserve(changes.size());
    for (auto &c : changes)
        out.push_back(std::move(c.second));
    return out;
}

} // namespace sluice::review

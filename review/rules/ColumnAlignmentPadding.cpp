#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <optional>

namespace sluice::review::rules {
namespace {

struct Layout
{
    int length;
    int align;
};

// typlen and typalign of the fixed-width built-in types; variable-length (and unknown) types give nullopt.
std::optional<Layout> layoutOf(const std::string &type)
{
    static const std::pair<std::string_view, Layout> layouts[] = {
        {"int8", {8, 8}},        {"bigserial", {8, 8}}, {"float8", {8, 8}},      {"timestamp", {8, 8}},
        {"timestamptz", {8, 8}}, {"time", {8, 8}},      {"money", {8, 8}},       {"interval", {16, 8}},
        {"timetz", {12, 8}},     {"point", {16, 8}},    {"int4", {4, 4}},        {"serial", {4, 4}},
        {"float4", {4, 4}},      {"date", {4, 4}},      {"oid", {4, 4}},         {"macaddr", {6, 4}},
        {"macaddr8", {8, 4}},    {"int2", {2, 2}},      {"smallserial", {2, 2}}, {"bool", {1, 1}},
        {"char", {1, 1}},        {"uuid", {16, 1}},
    };
    for (const auto &[name, layout] : layouts) {
        if (type == name)
            return layout;
    }
    return std::nullopt;
}

struct Column
{
    std::string name;
    Layout layout;
};

int padding(const std::vector<Column> &columns)
{
    int offset = 0, wasted = 0;
    for (const auto &c : columns) {
        const int pad = (c.layout.align - offset % c.layout.align) % c.layout.align;
        wasted += pad;
        offset += pad + c.layout.length;
    }
    return wasted;
}

void check(RuleContext &ctx)
{
    const auto create = ctx.statement().as("CreateStmt");
    if (!create)
        return;
    std::vector<Column> fixed;
    std::vector<std::string> variable;
    for (const auto &site : pn::columnDefs(ctx)) {
        const auto name = std::string(site.def["colname"].str());
        const auto layout = pn::isArray(site.def["typeName"]) ? std::nullopt : layoutOf(site.type);
        if (layout)
            fixed.push_back({name, *layout});
        else
            variable.push_back(name);
    }
    auto sorted = fixed;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Column &a, const Column &b) { return a.layout.align > b.layout.align; });
    const int wasted = padding(fixed) - padding(sorted);
    const auto minimum = ctx.config().number("alignment_padding_min_bytes", 4);
    if (wasted <= 0 || wasted < minimum)
        return;
    std::vector<std::string> order;
    for (const auto &c : sorted)
        order.push_back(c.name);
    order.insert(order.end(), variable.begin(), variable.end());
    ctx.report("The column order of " + tree::qualifiedName(create["relation"]) + " wastes about " +
                   std::to_string(wasted) +
                   " bytes of alignment padding in every row; this order avoids it: " + pn::join(order),
               create["relation"]);
}

} // namespace

extern const Rule columnAlignmentPadding{
    "column-alignment-padding",
    Severity::Warning,
    true,
    "CREATE TABLE with a column order that wastes alignment padding (alignment_padding_min_bytes, default "
    "4).",
    "PostgreSQL aligns each fixed-width value to its type's alignment, so a boolean or integer followed by a "
    "bigint or timestamptz leaves unused bytes in every row, of the table and of its indexes. Order the "
    "columns by alignment: 8-byte types (bigint, timestamptz, double precision), then 4-byte (integer, "
    "date), "
    "2-byte (smallint), 1-byte (boolean), then variable-length types (text, numeric, jsonb).",
    check,
    nullptr,
    {"CreateStmt"}};

} // namespace sluice::review::rules

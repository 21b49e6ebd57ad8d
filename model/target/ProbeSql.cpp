#include "target/ProbeSql.h"

#include <algorithm>
#include <map>

namespace sluice::model::probes {

std::string joined(const std::vector<std::string> &parts, std::string_view separator)
{
    std::string out;
    for (const auto &p : parts)
        out += (out.empty() ? "" : std::string(separator)) + p;
    return out;
}

namespace {

// 1 for int2, 2 for int4, 3 for int8, 0 for any other type.
int integerRank(std::string_view type)
{
    return type == "int2" ? 1 : type == "int4" ? 2 : type == "int8" ? 3 : 0;
}

} // namespace

std::optional<std::string> overflowCondition(const std::string &column, const std::string &typname,
                                             int typmod, const TargetType &target)
{
    const bool number =
        integerRank(typname) > 0 || typname == "numeric" || typname == "float4" || typname == "float8";
    if (target.kind == TargetType::Kind::Length) {
        if (typname != "text" && typname != "varchar" && typname != "bpchar" && typname != "name" &&
            typname != "citext")
            return std::nullopt;
        if ((typname == "varchar" || typname == "bpchar") && typmod >= 4 && typmod - 4 <= target.length)
            return std::nullopt;
        // Excess characters that are all spaces are cut silently; anything else fails.
        return "length(rtrim(" + column + "::text, ' ')) > " + std::to_string(target.length);
    }
    if (target.kind == TargetType::Kind::Integer && number) {
        static const std::map<std::string, std::pair<std::string, std::string>> ranges{
            {"smallint", {"-32768", "32767"}},
            {"integer", {"-2147483648", "2147483647"}},
            {"bigint", {"-9223372036854775808", "9223372036854775807"}}};
        const auto rank = target.name == "smallint" ? 1 : target.name == "integer" ? 2 : 3;
        if (integerRank(typname) > 0 && integerRank(typname) <= rank)
            return std::nullopt;
        const auto &[low, high] = ranges.at(target.name);
        const auto value = integerRank(typname) > 0 ? column : "round(" + column + "::numeric)";
        return value + " not between " + low + " and " + high;
    }
    if (target.kind == TargetType::Kind::Numeric && number) {
        const long long digits = target.precision - target.scale;
        long long sourceDigits = -1; // unbounded
        if (const auto rank = integerRank(typname))
            sourceDigits = rank == 1 ? 5 : rank == 2 ? 10 : 19;
        else if (typname == "numeric" && typmod >= 4)
            sourceDigits = (((typmod - 4) >> 16) & 0xffff) - ((typmod - 4) & 0x7ff);
        if (sourceDigits >= 0 && sourceDigits <= digits)
            return std::nullopt;
        return "abs(round(" + column + "::numeric, " + std::to_string(target.scale) + ")) >= 10::numeric ^ " +
               std::to_string(digits) + " and " + column + "::numeric <> 'NaN'";
    }
    return std::nullopt;
}

std::string overflowFailure(const std::string &column, const TargetType &target)
{
    switch (target.kind) {
    case TargetType::Kind::Length:
        return column + " has values longer than " + std::to_string(target.length) +
               " characters (at least one row): changing it to " + target.display() + " will fail";
    case TargetType::Kind::Integer:
        return column + " has values outside the " + target.name +
               " range (at least one row): changing it to " + target.name + " will fail";
    case TargetType::Kind::Numeric:
        return column + " has values with more than " + std::to_string(target.precision - target.scale) +
               " digits before the decimal point (at least one row): changing it to " + target.display() +
               " will fail";
    case TargetType::Kind::Other:
        break;
    }
    return {};
}

} // namespace sluice::model::probes

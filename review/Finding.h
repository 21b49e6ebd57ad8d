#pragma once

#include "Script.h"

#include <optional>
#include <string>
#include <string_view>

namespace sluice::review {

enum class Severity { Info, Warning, Error };

[[nodiscard]] std::string_view severityName(Severity s);
[[nodiscard]] std::optional<Severity> severityFromName(std::string_view name);

struct Finding
{
    std::string ruleId;
    Severity severity = Severity::Warning;
    ByteRange range;
    Position start;
    Position end;
    std::string message;
    // Why it matters and what to do instead (the rule's help unless the rule gave a more specific one).
    std::string help;
    std::size_t statementIndex = 0;
};

} // namespace sluice::review

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

struct DiffLine
{
    enum class Op { Equal, Delete, Insert };
    Op op = Op::Equal;
    std::string text;
    // 1-based line numbers in the old and new text; 0 where the line does not exist on that side.
    int oldLine = 0;
    int newLine = 0;
};

// Line diff of two texts (Myers' algorithm), for comparing revisions. Past maxEdits differing lines it gives
// up on a minimal diff and reports the rest as replaced.
[[nodiscard]] std::vector<DiffLine> diffLines(std::string_view before, std::string_view after,
                                              int maxEdits = 4000);

// A unified diff with `context` lines around each change, with @@ hunk headers, as `diff -u` prints it.
[[nodiscard]] std::string unifiedDiff(const std::vector<DiffLine> &lines, std::string_view beforeName,
                                      std::string_view afterName, int context = 3);

} // namespace sluice::review

#include "TextDiff.h"

#include <algorithm>

namespace sluice::review {
namespace {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace

std::vector<DiffLine> diffLines(std::string_view before, std::string_view after, int maxEdits)
{
    const auto a = splitLines(before);
    const auto b = splitLines(after);
    const int n = int(a.size()), m = int(b.size());
    const int max = std::min(n + m, maxEdits);
    const int offset = max + 1;
    std::vector<int> v(2 * max + 3, 0);
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= max && found < 0; ++d) {
        trace.push_back(v);
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                                   : v[offset + k - 1] + 1;
            int y = x - k;
            while (x < n && y < m && a[x] == b[y])
                ++x, ++y;
            v[offset + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }

    std::vector<DiffLine> out;
    if (found < 0) {
        // Too different for a minimal diff within the budget: everything old goes, everything new comes.
        for (int i = 0; i < n; ++i)
            out.push_back({DiffLine::Op::Delete, std::string(a[i]), i + 1, 0});
        for (int j = 0; j < m; ++j)
            out.push_back({DiffLine::Op::Insert, std::string(b[j]), 0, j + 1});
        return out;
    }
    // Walk the trace backwards from (n, m).
    int x = n, y = m;
    for (int d = found; d >= 0; --d) {
        const auto &vd = trace[std::size_t(d)];
        const int k = x - y;
        int prevK = 0;
        if (d > 0)
            prevK = (k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1])) ? k + 1 : k - 1;
        const int prevX = d > 0 ? vd[offset + prevK] : 0;
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            --x, --y;
            out.push_back({DiffLine::Op::Equal, std::string(a[x]), x + 1, y + 1});
        }
        if (d > 0) {
            if (x == prevX) {
                --y;
                out.push_back({DiffLine::Op::Insert, std::string(b[y]), 0, y + 1});
            } else {
                --x;
                out.push_back({DiffLine::Op::Delete, std::string(a[x]), x + 1, 0});
            }
        }
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::string unifiedDiff(const std::vector<DiffLine> &lines, std::string_view beforeName,
                        std::string_view afterName, int context)
{
    std::string out = "--- " + std::string(beforeName) + "\n+++ " + std::string(afterName) + "\n";
    const int count = int(lines.size());
    int i = 0;
    while (i < count) {
        while (i < count && lines[std::size_t(i)].op == DiffLine::Op::Equal)
            ++i;
        if (i >= count)
            break;
        // A hunk: from `context` lines before this change to `context` lines after the last change that is
        // within 2 * context equal lines of the previous one.
        const int start = std::max(0, i - context);
        int end = i;
        int equalRun = 0;
        for (int j = i; j < count; ++j) {
            if (lines[std::size_t(j)].op == DiffLine::Op::Equal) {
                if (++equalRun > 2 * context)
                    break;
            } else {
                equalRun = 0;
                end = j;
            }
        }
        const int stop = std::min(count, end + context + 1);
        int oldStart = 0, newStart = 0, oldCount = 0, newCount = 0;
        std::string body;
        for (int j = start; j < stop; ++j) {
            const auto &line = lines[std::size_t(j)];
            if (line.op != DiffLine::Op::Insert) {
                oldStart = oldStart ? oldStart : line.oldLine;
                ++oldCount;
            }
            if (line.op != DiffLine::Op::Delete) {
                newStart = newStart ? newStart : line.newLine;
                ++newCount;
            }
            body += line.op == DiffLine::Op::Equal ? ' ' : line.op == DiffLine::Op::Delete ? '-' : '+';
            body += line.text;
            body += '\n';
        }
        out += "@@ -" + std::to_string(oldStart) + "," + std::to_string(oldCount) + " +" +
               std::to_string(newStart) + "," + std::to_string(newCount) + " @@\n" + body;
        i = stop;
    }
    return out;
}

} // namespace sluice::review

#pragma once

#include "Script.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace sluice::review {

// Where each line of a text starts, to turn byte offsets into line and column by binary search instead of a
// pass over the text per position. The text must outlive the index.
class LineIndex
{
public:
    explicit LineIndex(std::string_view text) : m_text(text)
    {
        m_starts.push_back(0);
        for (auto at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1))
            m_starts.push_back(at + 1);
    }
    // 1-based line of an offset (clamped to the text).
    [[nodiscard]] int line(std::size_t offset) const
    {
        offset = std::min(offset, m_text.size());
        return int(std::upper_bound(m_starts.begin(), m_starts.end(), offset) - m_starts.begin());
    }
    // Line and column (1-based, in characters of UTF-8) of an offset (clamped to the text).
    [[nodiscard]] Position at(std::size_t offset) const
    {
        offset = std::min(offset, m_text.size());
        Position p;
        p.offset = offset;
        p.line = line(offset);
        for (auto k = m_starts[std::size_t(p.line - 1)]; k < offset; ++k) {
            if ((static_cast<unsigned char>(m_text[k]) & 0xC0) != 0x80)
                ++p.column;
        }
        return p;
    }

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts;
};

} // namespace sluice::review

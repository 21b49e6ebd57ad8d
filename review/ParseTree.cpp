#include "ParseTree.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <simdjson.h>
#include <utility>

namespace sluice::review {

// Decodes libpg_query's JSON in one pass, in place: the tree keeps its own copy of the JSON, keys and strings
// are views into that copy (an escaped string is unescaped where it stands, never longer than the original),
// and no key or string is copied on its own. The members of each object or array are gathered on a scratch
// stack and moved, once the container closes, into one contiguous block of entries.
struct TreeBuilder
{
    using Entry = ParseTree::Entry;
    static constexpr int kMaxDepth = ParseTree::kMaxDepth;

    ParseTree &tree;
    std::vector<Entry> &scratch;
    char *const base;
    char *p;
    char *end;

    void skipSpace()
    {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool hex4(const char *at, std::uint32_t &out) const
    {
        if (end - at < 4)
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int v = hexValue(at[i]);
            if (v < 0)
                return false;
            out = out << 4 | std::uint32_t(v);
        }
        return true;
    }

    static char *appendUtf8(char *w, std::uint32_t cp)
    {
        if (cp < 0x80) {
            *w++ = char(cp);
        } else if (cp < 0x800) {
            *w++ = char(0xC0 | cp >> 6);
            *w++ = char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            *w++ = char(0xE0 | cp >> 12);
            *w++ = char(0x80 | (cp >> 6 & 0x3F));
            *w++ = char(0x80 | (cp & 0x3F));
        } else {
            *w++ = char(0xF0 | cp >> 18);
            *w++ = char(0x80 | (cp >> 12 & 0x3F));
            *w++ = char(0x80 | (cp >> 6 & 0x3F));
            *w++ = char(0x80 | (cp & 0x3F));
        }
        return w;
    }

    // p is at the opening quote; leaves p after the closing one. The string is at base + offset.
    bool string(std::uint32_t &offset, std::uint32_t &length)
    {
        std::string_view out;
        if (!string(out))
            return false;
        offset = std::uint32_t(out.data() - base);
        length = std::uint32_t(out.size());
        return true;
    }

    bool string(std::string_view &out)
    {
        char *const begin = ++p;
        auto *quote = static_cast<char *>(std::memchr(begin, '"', std::size_t(end - begin)));
        if (!quote)
            return false;
        auto *escape = static_cast<char *>(std::memchr(begin, '\\', std::size_t(quote - begin)));
        if (!escape) {
            out = std::string_view(begin, std::size_t(quote - begin));
            p = quote + 1;
            return true;
        }
        char *w = escape;
        const char *r = escape;
        while (true) {
            if (r >= end)
                return false;
            const char c = *r;
            if (c == '"')
                break;
            if (c != '\\') {
                *w++ = *r++;
                continue;
            }
            if (end - r < 2)
                return false;
            switch (r[1]) {
            case '"':
            case '\\':
            case '/':
                *w++ = r[1];
                r += 2;
                continue;
            case 'b':
                *w++ = '\b';
                r += 2;
                continue;
            case 'f':
                *w++ = '\f';
                r += 2;
                continue;
            case 'n':
                *w++ = '\n';
                r += 2;
                continue;
            case 'r':
                *w++ = '\r';
                r += 2;
                continue;
            case 't':
                *w++ = '\t';
                r += 2;
                continue;
            case 'u':
                break;
            default:
                return false;
            }
            std::uint32_t cp = 0;
            if (!hex4(r + 2, cp))
                return false;
            r += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                std::uint32_t low = 0;
                if (end - r < 6 || r[0] != '\\' || r[1] != 'u' || !hex4(r + 2, low) || low < 0xDC00 ||
                    low > 0xDFFF)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                r += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return false;
            }
            w = appendUtf8(w, cp);
        }
        out = std::string_view(begin, std::size_t(w - begin));
        p = const_cast<char *>(r) + 1;
        return true;
    }

    bool number(Entry &out)
    {
        const char *const begin = p;
        bool integral = true;
        if (p < end && *p == '-')
            ++p;
        while (p < end &&
               ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-')) {
            if (*p == '.' || *p == 'e' || *p == 'E')
                integral = false;
            ++p;
        }
        if (integral) {
            std::int64_t value = 0;
            if (const auto r = std::from_chars(begin, p, value); r.ec == std::errc() && r.ptr == p) {
                out.type = Node::Type::Integer;
                out.payload = std::uint64_t(value);
                return true;
            }
            std::uint64_t unsignedValue = 0;
            if (const auto r = std::from_chars(begin, p, unsignedValue); r.ec == std::errc() && r.ptr == p) {
                out.type = Node::Type::Integer;
                out.payload = unsignedValue;
                return true;
            }
        }
        double value = 0;
        if (const auto r = std::from_chars(begin, p, value); r.ec != std::errc() || r.ptr != p)
            return false;
        out.type = Node::Type::Double;
        out.payload = std::uint64_t(std::int64_t(value));
        return true;
    }

    bool literal(std::string_view word)
    {
        if (std::size_t(end - p) < word.size() || std::string_view(p, word.size()) != word)
            return false;
        p += word.size();
        return true;
    }

    bool container(Entry &out, bool object, int depth)
    {
        if (depth > kMaxDepth)
            return false;
        const char close = object ? '}' : ']';
        ++p;
        const auto first = scratch.size();
        skipSpace();
        if (p < end && *p == close) {
            ++p;
        } else {
            while (true) {
                Entry member;
                if (object) {
                    skipSpace();
                    std::uint32_t keyLength = 0;
                    if (p >= end || *p != '"' || !string(member.keyOffset, keyLength) || keyLength > 0xFFFF)
                        return false;
                    member.keyLength = std::uint16_t(keyLength);
                    skipSpace();
                    if (p >= end || *p != ':')
                        return false;
                    ++p;
                }
                if (!value(member, depth))
                    return false;
                scratch.push_back(member);
                skipSpace();
                if (p >= end)
                    return false;
                if (*p == ',') {
                    ++p;
                    continue;
                }
                if (*p != close)
                    return false;
                ++p;
                break;
            }
        }
        auto &entries = tree.m_entries;
        out.type = object ? Node::Type::Object : Node::Type::Array;
        out.setPair(std::uint32_t(entries.size()), std::uint32_t(scratch.size() - first));
        entries.insert(entries.end(), scratch.begin() + std::ptrdiff_t(first), scratch.end());
        scratch.resize(first);
        return true;
    }

    bool value(Entry &out, int depth)
    {
        skipSpace();
        if (p >= end)
            return false;
        switch (*p) {
        case '{':
            return container(out, true, depth + 1);
        case '[':
            return container(out, false, depth + 1);
        case '"': {
            out.type = Node::Type::String;
            std::uint32_t offset = 0, length = 0;
            if (!string(offset, length))
                return false;
            out.setPair(offset, length);
            return true;
        }
        case 't':
            out.type = Node::Type::Boolean;
            out.payload = 1;
            return literal("true");
        case 'f':
            out.type = Node::Type::Boolean;
            out.payload = 0;
            return literal("false");
        case 'n':
            out.type = Node::Type::Null;
            return literal("null");
        default:
            return (*p == '-' || (*p >= '0' && *p <= '9')) && number(out);
        }
    }
};

void ParseTree::FreeText::operator()(char *text) const
{
    std::free(text);
}

std::shared_ptr<const ParseTree> ParseTree::decode(std::string_view json, int offset)
{
    std::unique_ptr<char, FreeText> text(static_cast<char *>(std::malloc(json.size() + 1)));
    if (!text)
        return nullptr;
    std::memcpy(text.get(), json.data(), json.size());
    text.get()[json.size()] = '\0';
    return build(std::move(text), json.size(), offset);
}

std::shared_ptr<const ParseTree> ParseTree::adopt(char *&json, int offset)
{
    std::unique_ptr<char, FreeText> text(std::exchange(json, nullptr));
    if (!text)
        return nullptr;
    const auto size = std::strlen(text.get());
    return build(std::move(text), size, offset);
}

std::shared_ptr<const ParseTree> ParseTree::build(std::unique_ptr<char, FreeText> text, std::size_t size,
                                                  int offset)
{
    // simdjson's check, so that text that is not UTF-8 is refused as it was before; offsets are 32 bits.
    if (size > 0xFFFFFFFFu || !simdjson::validate_utf8(text.get(), size))
        return nullptr;
    auto tree = std::make_shared<ParseTree>();
    tree->m_offset = offset;
    tree->m_text = std::move(text);
    tree->m_textBytes = size;
    tree->m_keys = tree->m_text.get();
    // About one entry per 12 bytes of libpg_query's JSON.
    tree->m_entries.reserve(size / 12 + 4);
    tree->m_entries.resize(1);
    // The scratch stack is reused from one migration to the next.
    thread_local std::vector<Entry> scratch;
    scratch.clear();
    char *const begin = tree->m_text.get();
    TreeBuilder builder{*tree, scratch, begin, begin, begin + size};
    Entry root;
    if (!builder.value(root, 0))
        return nullptr;
    builder.skipSpace();
    if (builder.p != builder.end)
        return nullptr;
    tree->m_entries[0] = root;
    return tree;
}

int Node::location() const
{
    auto loc = (*this)["location"];
    if (!loc)
        loc = body()["location"];
    if (!loc || loc.integer() < 0)
        return -1;
    return int(loc.integer()) + m_tree->m_offset;
}

Node::Iterator Node::begin() const
{
    const auto t = type();
    if (t != Type::Array && t != Type::Object)
        return {m_tree, 0};
    return {m_tree, m_tree->first(m_index)};
}

Node::Iterator Node::end() const
{
    const auto t = type();
    if (t != Type::Array && t != Type::Object)
        return {m_tree, 0};
    return {m_tree, m_tree->first(m_index) + m_tree->count(m_index)};
}

namespace tree {

std::string qualifiedName(Node rangeVar)
{
    if (const auto body = rangeVar.as("RangeVar"))
        rangeVar = body;
    const auto schema = rangeVar["schemaname"].str();
    const auto name = rangeVar["relname"].str();
    if (schema.empty())
        return std::string(name);
    std::string out;
    out.reserve(schema.size() + 1 + name.size());
    out.append(schema).append(1, '.').append(name);
    return out;
}

std::vector<std::string> strings(Node list)
{
    std::vector<std::string> out;
    out.reserve(list.size());
    for (const Node item : list) {
        if (const auto s = item.as("String"))
            out.emplace_back(s["sval"].str());
    }
    return out;
}

std::string typeName(Node typeName)
{
    if (const auto body = typeName.as("TypeName"))
        typeName = body;
    std::string_view last;
    for (const Node item : typeName["names"]) {
        if (const auto s = item.as("String"))
            last = s["sval"].str();
    }
    return std::string(last);
}

std::string_view stringConstant(Node node)
{
    if (const auto c = node.as("A_Const"))
        return c["sval"]["sval"].str();
    if (const auto s = node.as("String"))
        return s["sval"].str();
    return {};
}

bool optionEnabled(Node options, std::string_view name)
{
    bool enabled = false;
    for (const Node item : options) {
        const auto option = item.as("DefElem");
        if (option["defname"].str() != name)
            continue;
        const auto arg = option["arg"];
        if (const auto i = arg.as("Integer"))
            enabled = i["ival"].integer() != 0;
        else if (const auto b = arg.as("Boolean"))
            enabled = b["boolval"].boolean();
        else if (const auto s = arg.as("String")) {
            std::string value(s["sval"].str());
            std::transform(value.begin(), value.end(), value.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
            enabled = value != "false" && value != "off";
        } else
            enabled = true;
    }
    return enabled;
}

} // namespace tree

} // namespace sluice::review

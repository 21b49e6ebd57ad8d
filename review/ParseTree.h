#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

class ParseTree;

// Look-ups made on this thread: reads of parse-tree fields (Node::operator[] and Node::as), and each entry a
// rule helper visits in a per-file index (rules/ScriptIndex.h). The engine charges them to the rule that made
// them (Review::ruleLookups), so a test can check that no rule's work grows faster than the script: a rule
// that rescans the earlier statements at every statement makes quadratically many.
inline thread_local std::uint64_t lookups = 0;

// A read-only handle on a node of libpg_query's parse tree (its JSON form, decoded once). A missing field
// gives an invalid Node whose values read as empty, 0 and false, which matches libpg_query omitting false and
// zero fields. Parse-tree nodes are wrapper objects {"Kind": {...}}: kind() names the kind and body() opens
// it.
class Node
{
public:
    enum class Type : std::uint8_t { Invalid, Object, Array, String, Integer, Double, Boolean, Null };

    Node() = default;

    [[nodiscard]] bool valid() const { return m_tree != nullptr; }
    explicit operator bool() const { return valid(); }
    [[nodiscard]] inline Type type() const;

    // Object field (invalid if absent) and array element access.
    [[nodiscard]] inline Node operator[](std::string_view key) const;
    [[nodiscard]] inline Node at(std::size_t i) const;
    // Elements of an array, values of an object; 0 for scalars.
    [[nodiscard]] inline std::size_t size() const;
    [[nodiscard]] inline std::string_view key() const;

    [[nodiscard]] inline std::string_view str() const;
    [[nodiscard]] inline std::int64_t integer() const;
    [[nodiscard]] inline bool boolean() const;

    // For a wrapper {"AlterTableStmt": {...}}: "AlterTableStmt" and the inner object.
    [[nodiscard]] inline std::string_view kind() const;
    [[nodiscard]] inline Node body() const;
    // body() when kind() == k, else an invalid Node.
    [[nodiscard]] inline Node as(std::string_view k) const;
    [[nodiscard]] bool is(std::string_view k) const { return kind() == k; }

    // The byte offset of the node in the migration ("location" of the node or of its body), or -1.
    [[nodiscard]] int location() const;

    class Iterator
    {
    public:
        Iterator(const ParseTree *tree, std::uint32_t index) : m_tree(tree), m_index(index) {}
        Node operator*() const { return {m_tree, m_index}; }
        Iterator &operator++()
        {
            ++m_index;
            return *this;
        }
        bool operator!=(const Iterator &other) const { return m_index != other.m_index; }

    private:
        const ParseTree *m_tree;
        std::uint32_t m_index;
    };
    [[nodiscard]] Iterator begin() const;
    [[nodiscard]] Iterator end() const;

    // Visits this node and every node below it, depth first.
    template <class F> void walk(F &&visit) const
    {
        if (!valid())
            return;
        visit(*this);
        for (const Node child : *this)
            child.walk(visit);
    }

private:
    friend class ParseTree;
    Node(const ParseTree *tree, std::uint32_t index) : m_tree(tree), m_index(index) {}

    const ParseTree *m_tree = nullptr;
    std::uint32_t m_index = 0;
};

// The decoded JSON of one libpg_query parse. Nodes point into it: keep it alive while they are used.
class ParseTree
{
public:
    // Decodes libpg_query JSON; offset is added to every "location" (for statements parsed on their own).
    // Returns nullptr if the JSON does not decode (never expected from libpg_query).
    [[nodiscard]] static std::shared_ptr<const ParseTree> decode(std::string_view json, int offset = 0);
    // The same, taking over a NUL-terminated buffer from malloc (PgQueryParseResult::parse_tree, which is
    // then set to nullptr) instead of copying it.
    [[nodiscard]] static std::shared_ptr<const ParseTree> adopt(char *&json, int offset = 0);

    // Parses SQL with libpg_query and builds the tree straight from the parser's nodes (NativeTree.cpp), the
    // same tree decode() gives for libpg_query's JSON without the JSON being written and read back. A node
    // the walker does not know falls back to the JSON. On a syntax error, tree is null and message and cursor
    // (1-based character position in sql) say where.
    struct Parsed
    {
        std::shared_ptr<const ParseTree> tree;
        bool syntaxError = false;
        std::string message;
        int cursor = 0;
        // The native walker gave up and the tree came from the JSON.
        bool viaJson = false;
    };
    [[nodiscard]] static Parsed parse(const char *sql, int offset = 0);
    // The same through libpg_query's JSON only (the reference the native walker is tested against).
    [[nodiscard]] static Parsed parseViaJson(const char *sql, int offset = 0);

    [[nodiscard]] Node root() const { return {this, 0}; }
    [[nodiscard]] int locationOffset() const { return m_offset; }
    // The memory the tree holds: its entries and its text (the engine's measure for a memory budget).
    [[nodiscard]] std::size_t bytes() const { return m_entries.capacity() * sizeof(Entry) + m_textBytes; }

private:
    friend class Node;
    // How deeply containers may nest, in a JSON tree and a native one (simdjson's default limit, which the
    // JSON decoder replaced).
    static constexpr int kMaxDepth = 1024;
    // 16 bytes, so that a tree is about as large as its JSON: keys and strings are offsets into the JSON
    // text, and the payload is a container's first member and count, a string's offset and length, or a
    // number.
    struct Entry
    {
        std::uint32_t keyOffset = 0;
        std::uint16_t keyLength = 0;
        Node::Type type = Node::Type::Invalid;
        // A string in the key text (an enum member's name in a native tree) rather than in the strings.
        bool inKeys = false;
        std::uint64_t payload = 0;

        [[nodiscard]] std::uint32_t low() const { return std::uint32_t(payload); }
        [[nodiscard]] std::uint32_t high() const { return std::uint32_t(payload >> 32); }
        void setPair(std::uint32_t lowValue, std::uint32_t highValue)
        {
            payload = std::uint64_t(highValue) << 32 | lowValue;
        }
    };
    struct FreeText
    {
        void operator()(char *text) const;
    };
    [[nodiscard]] static std::shared_ptr<const ParseTree> build(std::unique_ptr<char, FreeText> text,
                                                                std::size_t size, int offset);
    [[nodiscard]] std::string_view view(std::uint32_t offset, std::uint32_t length) const
    {
        return {m_text.get() + offset, length};
    }
    // Container entries: members first, first + count.
    [[nodiscard]] std::uint32_t first(std::uint32_t index) const { return m_entries[index].low(); }
    [[nodiscard]] std::uint32_t count(std::uint32_t index) const { return m_entries[index].high(); }
    [[nodiscard]] std::string_view keyOf(std::uint32_t index) const
    {
        return {m_keys + m_entries[index].keyOffset, m_entries[index].keyLength};
    }

    std::vector<Entry> m_entries;
    // Strings; and keys too in a decoded tree, while a native tree's keys are in one static text.
    std::unique_ptr<char, FreeText> m_text;
    std::size_t m_textBytes = 0;
    const char *m_keys = nullptr;
    int m_offset = 0;

    friend struct TreeBuilder;
    friend class NativeTreeSink;
};

// The accessors are inline: rules call them millions of times per megabyte of SQL.
inline Node::Type Node::type() const
{
    return m_tree ? m_tree->m_entries[m_index].type : Type::Invalid;
}

inline Node Node::operator[](std::string_view key) const
{
    ++lookups;
    if (type() != Type::Object)
        return {};
    const auto first = m_tree->first(m_index);
    const auto last = first + m_tree->count(m_index);
    for (std::uint32_t i = first; i < last; ++i) {
        const auto &e = m_tree->m_entries[i];
        // The first byte before the call to memcmp: most members of the right length differ there.
        if (e.keyLength == key.size() && (key.empty() || m_tree->m_keys[e.keyOffset] == key.front()) &&
            std::memcmp(m_tree->m_keys + e.keyOffset, key.data(), key.size()) == 0)
            return {m_tree, i};
    }
    return {};
}

inline Node Node::at(std::size_t i) const
{
    const auto t = type();
    if ((t != Type::Array && t != Type::Object) || i >= m_tree->count(m_index))
        return {};
    return {m_tree, std::uint32_t(m_tree->first(m_index) + i)};
}

inline std::size_t Node::size() const
{
    const auto t = type();
    return t == Type::Array || t == Type::Object ? m_tree->count(m_index) : 0;
}

inline std::string_view Node::key() const
{
    return m_tree ? m_tree->keyOf(m_index) : std::string_view();
}

inline std::string_view Node::str() const
{
    if (type() != Type::String)
        return {};
    const auto &e = m_tree->m_entries[m_index];
    return {(e.inKeys ? m_tree->m_keys : m_tree->m_text.get()) + e.low(), e.high()};
}

inline std::int64_t Node::integer() const
{
    const auto t = type();
    return t == Type::Integer || t == Type::Double || t == Type::Boolean
               ? std::int64_t(m_tree->m_entries[m_index].payload)
               : 0;
}

inline bool Node::boolean() const
{
    return type() == Type::Boolean && m_tree->m_entries[m_index].payload != 0;
}

inline std::string_view Node::kind() const
{
    if (!m_tree)
        return {};
    const auto &e = m_tree->m_entries[m_index];
    if (e.type != Type::Object || e.high() != 1)
        return {};
    const auto inner = e.low();
    return m_tree->m_entries[inner].type == Type::Object ? m_tree->keyOf(inner) : std::string_view();
}

inline Node Node::body() const
{
    return kind().empty() ? Node() : at(0);
}

inline Node Node::as(std::string_view k) const
{
    ++lookups;
    if (!m_tree || k.empty())
        return {};
    const auto &e = m_tree->m_entries[m_index];
    if (e.type != Type::Object || e.high() != 1)
        return {};
    const auto inner = e.low();
    const auto &body = m_tree->m_entries[inner];
    if (body.type != Type::Object || body.keyLength != k.size() ||
        std::memcmp(m_tree->m_keys + body.keyOffset, k.data(), k.size()) != 0)
        return {};
    return {m_tree, inner};
}

// Helpers over common node shapes.
namespace tree {
// "schema.name" (lower-case as the parser folds it) of a RangeVar node (wrapper or body).
[[nodiscard]] std::string qualifiedName(Node rangeVar);
// The strings of a list of String nodes, e.g. TypeName.names or DropStmt object names.
[[nodiscard]] std::vector<std::string> strings(Node list);
// The last element of TypeName.names: "int4", "varchar", "timestamptz", "serial", "text", ...
[[nodiscard]] std::string typeName(Node typeName);
// The string value of an A_Const (or String) node, if it is a string constant.
[[nodiscard]] std::string_view stringConstant(Node node);
// Whether a boolean option of a DefElem list (VACUUM's options, REINDEX's params) is on, read as PostgreSQL's
// defGetBoolean reads it: a bare name, true, on or 1 is on; false, off or 0 is off; the last mention wins.
// An absent option is off. A value PostgreSQL would refuse counts as on, the stronger reading.
[[nodiscard]] bool optionEnabled(Node options, std::string_view name);
} // namespace tree

} // namespace sluice::review

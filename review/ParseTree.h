#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

class ParseTree;

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
    [[nodiscard]] Type type() const;

    // Object field (invalid if absent) and array element access.
    [[nodiscard]] Node operator[](std::string_view key) const;
    [[nodiscard]] Node at(std::size_t i) const;
    // Elements of an array, values of an object; 0 for scalars.
    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] std::string_view key() const;

    [[nodiscard]] std::string_view str() const;
    [[nodiscard]] std::int64_t integer() const;
    [[nodiscard]] bool boolean() const;

    // For a wrapper {"AlterTableStmt": {...}}: "AlterTableStmt" and the inner object.
    [[nodiscard]] std::string_view kind() const;
    [[nodiscard]] Node body() const;
    // body() when kind() == k, else an invalid Node.
    [[nodiscard]] Node as(std::string_view k) const;
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

    [[nodiscard]] Node root() const { return {this, 0}; }
    [[nodiscard]] int locationOffset() const { return m_offset; }

private:
    friend class Node;
    struct Entry
    {
        Node::Type type = Node::Type::Invalid;
        std::uint32_t first = 0;
        std::uint32_t count = 0;
        std::string_view key;
        std::string_view text;
        std::int64_t number = 0;
    };
    std::vector<Entry> m_entries;
    std::string m_strings;
    int m_offset = 0;

    friend struct TreeBuilder;
};

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
} // namespace tree

} // namespace sluice::review

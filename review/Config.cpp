#include "Config.h"

#include <toml++/toml.h>

namespace sluice::review {

std::string_view severityName(Severity s)
{
    switch (s) {
    case Severity::Info:
        return "info";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "warning";
}

std::optional<Severity> severityFromName(std::string_view name)
{
    if (name == "info")
        return Severity::Info;
    if (name == "warning")
        return Severity::Warning;
    if (name == "error")
        return Severity::Error;
    return std::nullopt;
}

std::vector<std::string> Config::list(const std::string &key) const
{
    const auto it = options.find(key);
    return it == options.end() ? std::vector<std::string>{} : it->second;
}

std::string Config::text(const std::string &key, const std::string &fallback) const
{
    const auto it = options.find(key);
    return it == options.end() || it->second.empty() ? fallback : it->second.front();
}

long long Config::number(const std::string &key, long long fallback) const
{
    const auto value = text(key);
    if (value.empty())
        return fallback;
    try {
        return std::stoll(value);
    } catch (...) {
        return fallback;
    }
}

namespace {

bool applyRules(Config &config, const toml::table &rules, std::string *error)
{
    for (const auto &[key, value] : rules) {
        const std::string id(key.str());
        const auto setting = value.value<std::string>();
        if (!setting) {
            *error = "rule " + id + ": expected \"off\", \"on\", \"info\", \"warning\" or \"error\"";
            return false;
        }
        if (*setting == "off") {
            config.ruleSeverity[id] = std::nullopt;
            config.enabledOptIn.erase(id);
        } else if (*setting == "on") {
            config.ruleSeverity.erase(id);
            config.enabledOptIn.insert(id);
        } else if (const auto severity = severityFromName(*setting)) {
            config.ruleSeverity[id] = severity;
            config.enabledOptIn.insert(id);
        } else {
            *error = "rule " + id + ": unknown setting \"" + *setting + "\"";
            return false;
        }
    }
    return true;
}

void applyOptions(Config &config, const toml::table &options)
{
    for (const auto &[key, value] : options) {
        std::vector<std::string> values;
        auto add = [&](const toml::node &n) {
            // Booleans first: toml++ would also read them as the integers 0 and 1.
            if (n.is_boolean())
                values.push_back(n.value<bool>().value_or(false) ? "true" : "false");
            else if (auto s = n.value<std::string>())
                values.push_back(*s);
            else if (auto i = n.value<int64_t>())
                values.push_back(std::to_string(*i));
        };
        if (const auto *array = value.as_array()) {
            for (const auto &item : *array)
                add(item);
        } else {
            add(value);
        }
        config.options[std::string(key.str())] = values;
    }
}

bool applyTop(Config &config, const toml::table &table, std::string *error)
{
    if (auto v = table["pg_version"].value<int64_t>())
        config.pgVersion = int(*v);
    if (auto v = table["assume_in_transaction"].value<bool>())
        config.assumeInTransaction = *v;
    if (const auto *rules = table["rules"].as_table(); rules && !applyRules(config, *rules, error))
        return false;
    if (const auto *options = table["options"].as_table())
        applyOptions(config, *options);
    return true;
}

} // namespace

Config Config::fromToml(std::string_view text, const std::string &environment, std::string *error)
{
    Config config;
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error &e) {
        *error = "line " + std::to_string(e.source().begin.line) + ": " + std::string(e.description());
        return config;
    }
    if (!applyTop(config, root, error))
        return config;
    if (!environment.empty()) {
        if (const auto *env = root["environments"][environment].as_table())
            applyTop(config, *env, error);
    }
    return config;
}

} // namespace sluice::review

#pragma once
// Test configs: the shipped default with absolute paths (so the file can live in /tmp) and a
// second tenant, "noord", beside "demo".
#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace advieslijn::test {

inline std::string source_dir() {
    const char* dir = std::getenv("ADVIESLIJN_SOURCE_DIR");
    return dir ? dir : ".";
}

// Writes the config to `path` and returns `path`. `edit` may change it before it is written.
inline std::string write_two_tenant_config(const std::string& path,
                                           const std::function<void(nlohmann::json&)>& edit = {}) {
    std::ifstream in(source_dir() + "/ops/config/default.json");
    nlohmann::json c = nlohmann::json::parse(in);
    for (const char* key : {"static_dir", "knowledge_base", "risk_signals", "texts"})
        c[key] = source_dir() + "/ops/config/" + c[key].get<std::string>();
    for (auto& t : c["tenants"])
        if (t.contains("social_map"))
            t["social_map"] = source_dir() + "/ops/config/" + t["social_map"].get<std::string>();
    nlohmann::json noord = c["tenants"][0];
    noord["id"] = "noord";
    noord["name"] = "CJG Noord";
    noord["numbers"] = {"+31501234567"};
    noord["site_keys"] = {"noord"};
    c["tenants"].push_back(noord);
    // Tests send many callback forms from loopback; the limit itself is tested with a value
    // of its own (hostile_security_test).
    c["chat"]["callback_forms_per_hour_per_address"] = 1'000'000;
    if (edit) edit(c);
    std::ofstream(path) << c.dump(2);
    return path;
}

}  // namespace advieslijn::test

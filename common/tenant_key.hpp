#pragma once
// Every Redis key of a tenant starts "<kind>:{<tenant>}:". The braces are Redis Cluster's hash
// tag: all of a tenant's keys fall in one slot, so the scripts that touch several of them stay
// legal on a cluster (docs/operations.md, "Towards Redis Cluster"). This is the one place that
// spells the form.
#include <string>
#include <string_view>

namespace advieslijn {

// tenant_key("stats", "demo") == "stats:{demo}:"
inline std::string tenant_key(std::string_view kind, std::string_view tenant) {
    std::string key;
    key.reserve(kind.size() + tenant.size() + 4);
    key.append(kind).append(":{").append(tenant).append("}:");
    return key;
}

}  // namespace advieslijn

#pragma once
// Every tenant's social map, loaded at start-up from the config (`tenants[i].social_map` and
// `default_area`) and again on SIGHUP. A broken map stops start-up: the ConfigError names the
// config file, the tenant's field, and the map's file, service and field. On a reload a
// broken map is refused and the tenant's current map keeps serving.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "social-map/social_map.hpp"

namespace advieslijn::social_map {

struct TenantMap {
    std::shared_ptr<const Map> map;
    std::string default_area;  // a municipality of the map
};

class TenantMaps {
public:
    // Throws ConfigError.
    explicit TenantMaps(const Config& config);

    // The tenant's map as it is now, nullopt when it has none. The snapshot stays valid when
    // a reload replaces the map (the caller holds its shared_ptr). Thread-safe.
    std::optional<TenantMap> for_tenant(std::string_view tenant_id) const;

    // Reads every tenant's map folder again and swaps in each one that is valid. Returns one
    // line per refused map ("demo: services.json: service 'x': field 'contact.phone': …");
    // those tenants keep the map they had.
    std::vector<std::string> reload();

private:
    struct Entry {
        std::filesystem::path dir;
        std::string configured_area;  // empty: the map's first municipality
        TenantMap current;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> maps_;
};

}  // namespace advieslijn::social_map

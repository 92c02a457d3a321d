#pragma once
// Every tenant's social map, loaded once at start-up from the config (`tenants[i].social_map`
// and `default_area`). A broken map stops start-up: the ConfigError names the config file,
// the tenant's field, and the map's file, service and field.
#include <map>
#include <memory>
#include <string>

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

    // nullptr when the tenant has no map.
    const TenantMap* for_tenant(std::string_view tenant_id) const;

private:
    std::map<std::string, TenantMap, std::less<>> maps_;
};

}  // namespace advieslijn::social_map

#include "social-map/tenant_maps.hpp"

namespace advieslijn::social_map {

TenantMaps::TenantMaps(const Config& config) {
    for (std::size_t i = 0; i < config.tenants.size(); ++i) {
        const Tenant& t = config.tenants[i];
        const std::string field = config.source + ": tenants[" + std::to_string(i) + "].";
        if (t.social_map.empty()) {
            if (!t.default_area.empty())
                throw ConfigError(field + "default_area: needs a social_map to name an area of");
            continue;
        }
        auto loaded = load(t.social_map);
        if (!loaded.map) {
            const auto n = loaded.problems.size();
            throw ConfigError(field + "social_map: " + to_string(loaded.problems.front()) +
                              (n > 1 ? " (and " + std::to_string(n - 1) + " more; see advieslijn map check)" : ""));
        }
        TenantMap tm{loaded.map, t.default_area};
        if (tm.default_area.empty()) tm.default_area = tm.map->municipalities().front().name;
        if (!tm.map->municipality(tm.default_area))
            throw ConfigError(field + "default_area: '" + tm.default_area + "' is not a municipality of " +
                              (t.social_map / "areas.json").string());
        maps_.emplace(t.id, std::move(tm));
    }
}

const TenantMap* TenantMaps::for_tenant(std::string_view tenant_id) const {
    auto it = maps_.find(tenant_id);
    return it == maps_.end() ? nullptr : &it->second;
}

}  // namespace advieslijn::social_map

#include "social-map/tenant_maps.hpp"

#include <variant>

namespace advieslijn::social_map {
namespace {

// The map in `dir` with its default area, or what is wrong with it (the first problem, and
// how many more).
std::variant<TenantMap, std::string> read_tenant_map(const std::filesystem::path& dir,
                                                     const std::string& configured_area,
                                                     std::string& field) {
    auto loaded = load(dir);
    if (!loaded.map) {
        field = "social_map";
        const auto n = loaded.problems.size();
        return to_string(loaded.problems.front()) +
               (n > 1 ? " (and " + std::to_string(n - 1) + " more; see advieslijn map check)" : "");
    }
    TenantMap tm{loaded.map, configured_area};
    if (tm.default_area.empty()) tm.default_area = tm.map->municipalities().front().name;
    if (!tm.map->municipality(tm.default_area)) {
        field = "default_area";
        return "'" + tm.default_area + "' is not a municipality of " + (dir / "areas.json").string();
    }
    return tm;
}

}  // namespace

TenantMaps::TenantMaps(const Config& config) {
    for (std::size_t i = 0; i < config.tenants.size(); ++i) {
        const Tenant& t = config.tenants[i];
        const std::string prefix = config.source + ": tenants[" + std::to_string(i) + "].";
        if (t.social_map.empty()) {
            if (!t.default_area.empty())
                throw ConfigError(prefix + "default_area: needs a social_map to name an area of");
            continue;
        }
        std::string field;
        auto read = read_tenant_map(t.social_map, t.default_area, field);
        if (const auto* problem = std::get_if<std::string>(&read)) throw ConfigError(prefix + field + ": " + *problem);
        maps_.emplace(t.id, Entry{t.social_map, t.default_area, std::get<TenantMap>(std::move(read))});
    }
}

std::optional<TenantMap> TenantMaps::for_tenant(std::string_view tenant_id) const {
    const std::lock_guard lock(mutex_);
    auto it = maps_.find(tenant_id);
    if (it == maps_.end()) return std::nullopt;
    return it->second.current;
}

std::vector<std::string> TenantMaps::reload() {
    // Read without the lock (files, validation), swap under it: searches never wait on disk.
    std::vector<std::pair<std::string, TenantMap>> fresh;
    std::vector<std::string> refused;
    for (const auto& [id, entry] : maps_) {
        std::string field;
        auto read = read_tenant_map(entry.dir, entry.configured_area, field);
        if (auto* problem = std::get_if<std::string>(&read)) refused.push_back(id + ": " + field + ": " + *problem);
        else fresh.emplace_back(id, std::get<TenantMap>(std::move(read)));
    }
    const std::lock_guard lock(mutex_);
    for (auto& [id, map] : fresh) maps_.find(id)->second.current = std::move(map);
    return refused;
}

}  // namespace advieslijn::social_map

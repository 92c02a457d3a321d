#pragma once
// The knowledge base over HTTP: GET /v1/kb/search (what `advieslijn kb query` prints, for the
// shared set or a tenant's), POST /v1/admin/kb/reload (admin token; rebuilt on the worker),
// GET /v1/sla/feedback (supervisors: "did this help?" per article, and call outcomes) and
// GET /v1/kb/gaps (supervisors: the knowledge-gap report, contact/knowledge_gaps.hpp).
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "contact/knowledge.hpp"
#include "contact/knowledge_gaps.hpp"
#include "contact/statistics.hpp"
#include "gateway/router.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::gateway {

// The tenant a supervisor's request is about, or the refusal (ConsoleApi::supervisor_tenant).
using SupervisorTenant =
    std::function<asio::awaitable<std::optional<std::string>>(RequestContext&, Response& error)>;

class KbApi {
public:
    // All references must outlive this object.
    KbApi(contact::Libraries& libraries, const routing::TenantDirectory& tenants,
          contact::Statistics& stats, contact::KnowledgeGaps& gaps, asio::thread_pool& worker,
          SupervisorTenant supervisor)
        : libraries_(libraries), tenants_(tenants), stats_(stats), gaps_(gaps), worker_(worker),
          supervisor_(std::move(supervisor)) {}

    void add_routes(Router& router);

private:
    asio::awaitable<Response> search(RequestContext& ctx);
    asio::awaitable<Response> reload(RequestContext& ctx);
    asio::awaitable<Response> feedback(RequestContext& ctx);
    asio::awaitable<Response> gaps(RequestContext& ctx);

    contact::Libraries& libraries_;
    const routing::TenantDirectory& tenants_;
    contact::Statistics& stats_;
    contact::KnowledgeGaps& gaps_;
    asio::thread_pool& worker_;
    SupervisorTenant supervisor_;
};

}  // namespace advieslijn::gateway

#pragma once
// POST /v1/callbacks: the widget's callback form (public, cross-origin from the tenant's sites).
// The body is the task as callbacks::parse_create_request reads it, plus `site_key` and the
// optional `session_id` of the chat it was sent from (contact::Tasks::create_from_form).
#include "contact/tasks.hpp"
#include "gateway/router.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::gateway {

void add_callback_form_routes(Router& router, const routing::TenantDirectory& tenants,
                              contact::Tasks& tasks);

}  // namespace advieslijn::gateway

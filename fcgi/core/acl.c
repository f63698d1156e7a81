#include "core/acl.h"
#include "index_terms.h"
#include <string.h>

int acl_is_admin(const auth_user *u)
{
    /* a guest is never an administrator, whatever the role column says */
    return u && strcmp(u->role, "admin") == 0 && strcmp(u->status, "active") == 0 && !u->guest;
}

static int is_active(const auth_user *u)
{
    return u && strcmp(u->status, "active") == 0;
}

int acl_is_guest(const auth_user *u)
{
    return u && u->guest;
}

int acl_can_manage_accounts(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_see_person(const auth_user *viewer, const char *target_status)
{
    if (!is_active(viewer) || viewer->guest) return 0;   /* guests: acl_can_see_person_sharing */
    if (target_status && strcmp(target_status, "active") == 0) return 1;
    return acl_is_admin(viewer);
}

int acl_can_edit_profile(const auth_user *viewer, long long target_id)
{
    return is_active(viewer) && (viewer->id == target_id || acl_is_admin(viewer));
}

int acl_can_change_password(const auth_user *viewer, long long target_id)
{
    return is_active(viewer) && viewer->id == target_id;
}

int acl_can_send_password_reset(const auth_user *viewer, long long target_id)
{
    (void)target_id;               /* any account, their own included */
    return acl_is_admin(viewer);
}

int acl_can_invite(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_import_people(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_edit_settings(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_manage_index(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_manage_mail(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_message_everyone(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_see_statistics(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_read_audit(const auth_user *u)
{
    return acl_is_admin(u);
}

int acl_can_create_group(const auth_user *u, const char *group_creation)
{
    if (!is_active(u) || u->guest) return 0;
    return acl_is_admin(u) || (group_creation && strcmp(group_creation, "everyone") == 0);
}

acl_verdict acl_group(const auth_user *u, const group_facts *g, group_action a)
{
    if (!is_active(u) || !g) return ACL_HIDDEN;
    int admin = acl_is_admin(u);
    int member = g->role != ROLE_NONE;
    /* a guest knows only the groups they were invited to, public ones
     * included: the others do not exist for them */
    if (u->guest && !member) return ACL_HIDDEN;
    int manager = g->role == ROLE_MANAGER || admin;
    if (g->visibility == VIS_SECRET && !member && !admin) return ACL_HIDDEN;

    switch (a) {
    case GA_SEE:
        return ACL_ALLOW;
    case GA_READ:
        return member || admin || g->visibility == VIS_PUBLIC ? ACL_ALLOW : ACL_DENY;
    case GA_POST:
        if (!member && !admin) return ACL_DENY;
        if (g->posting_managers_only && !manager) return ACL_DENY;
        return g->archived ? ACL_ARCHIVED : ACL_ALLOW;
    case GA_JOIN:
        /* administrators may enter any group; others only public ones */
        if (member || !(g->visibility == VIS_PUBLIC || admin)) return ACL_DENY;
        return g->archived ? ACL_ARCHIVED : ACL_ALLOW;
    case GA_REQUEST:
        if (member || admin || g->visibility != VIS_PRIVATE || g->requested) return ACL_DENY;
        return g->archived ? ACL_ARCHIVED : ACL_ALLOW;
    case GA_LEAVE:
        return member ? ACL_ALLOW : ACL_DENY;
    case GA_MANAGE:
    case GA_DELETE:
        return manager ? ACL_ALLOW : ACL_DENY;
    case GA_DRIVE:
        if (!member && !admin) return ACL_DENY;
        return g->archived ? ACL_ARCHIVED : ACL_ALLOW;
    case GA_MANAGE_DRIVE:
        return manager || g->drive_manager ? ACL_ALLOW : ACL_DENY;
    case GA_MODERATE:
        return manager || g->feed_moderator ? ACL_ALLOW : ACL_DENY;
    case GA_SET_DEFAULT:
        return admin ? ACL_ALLOW : ACL_DENY;
    case GA_COUNT:
        break;
    }
    return ACL_DENY;
}

const char *acl_group_action_name(group_action a)
{
    static const char *names[GA_COUNT] = {
        "see", "read", "post", "join", "request", "leave", "manage", "delete",
        "drive", "manage_drive", "moderate", "set_default",
    };
    return a < GA_COUNT ? names[a] : "?";
}

int acl_acts_as_outsider(const auth_user *u, const group_facts *g)
{
    return acl_is_admin(u) && g->role == ROLE_NONE;
}

int acl_refuse(req *r, acl_verdict v)
{
    switch (v) {
    case ACL_HIDDEN: return resp_error(r, 404, "not_found", M_GROUP_NOT_FOUND);
    case ACL_ARCHIVED: return resp_error(r, 409, "conflict", M_GROUP_ARCHIVED);
    case ACL_DENY: return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    case ACL_CLOSED: case ACL_NOT_FOR_KIND: case ACL_PEER_GONE: return acl_refuse_chat(r, v);
    case ACL_ALLOW: break;
    }
    return resp_error(r, 500, "internal", M_INTERNAL);
}

int acl_can_publish_news(const auth_user *u)
{
    return is_active(u) && !u->guest && (acl_is_admin(u) || u->comm_editor);
}

int acl_can_read_news(const auth_user *u)
{
    return is_active(u) && (!u->guest || u->guests_see_news);
}

acl_verdict acl_post_create(const auth_user *u, const group_facts *g, int must_read)
{
    if (!g) return acl_can_publish_news(u) ? ACL_ALLOW : is_active(u) && acl_can_read_news(u) ? ACL_DENY : ACL_HIDDEN;
    acl_verdict v = acl_group(u, g, GA_POST);
    if (v == ACL_ALLOW && must_read) v = acl_group(u, g, GA_MANAGE);
    return v;
}

acl_verdict acl_post(const auth_user *u, const post_facts *p, post_action a)
{
    if (!is_active(u) || !p) return ACL_HIDDEN;
    if (p->news && !acl_can_read_news(u)) return ACL_HIDDEN;
    int author = p->author_id == u->id;
    /* who moderates: the news' editors, or the group's moderators */
    int moderator = p->news ? acl_can_publish_news(u) : acl_group(u, &p->group, GA_MODERATE) == ACL_ALLOW;
    int manager = p->news ? acl_can_publish_news(u) : acl_group(u, &p->group, GA_MANAGE) == ACL_ALLOW;
    /* a post one may not read does not exist, whatever the group shows */
    if (!p->news && acl_group(u, &p->group, GA_READ) != ACL_ALLOW) return ACL_HIDDEN;
    if (!p->published && !author && !moderator) return ACL_HIDDEN;
    int archived = !p->news && p->group.archived;

    switch (a) {
    case PA_READ: return ACL_ALLOW;
    case PA_EDIT: return !author ? ACL_DENY : archived ? ACL_ARCHIVED : ACL_ALLOW;
    case PA_DELETE: return !(author || moderator) ? ACL_DENY : archived ? ACL_ARCHIVED : ACL_ALLOW;
    case PA_MODERATE: return !moderator ? ACL_DENY : archived ? ACL_ARCHIVED : ACL_ALLOW;
    case PA_MUST_READ: return !manager ? ACL_DENY : archived ? ACL_ARCHIVED : ACL_ALLOW;
    case PA_FEATURE: return p->news && acl_can_publish_news(u) ? ACL_ALLOW : ACL_DENY;
    case PA_COMMENT:
        if (archived || p->comments_closed) return ACL_ARCHIVED;
        return p->published ? ACL_ALLOW : ACL_DENY;
    case PA_REACT:
        if (archived) return ACL_ARCHIVED;
        return p->published ? ACL_ALLOW : ACL_DENY;
    case PA_REPORT: return author || manager ? ACL_ALLOW : ACL_DENY;
    case PA_COUNT: break;
    }
    return ACL_DENY;
}

const char *acl_post_action_name(post_action a)
{
    static const char *names[PA_COUNT] = {
        "read", "edit", "delete", "moderate", "must_read", "feature", "comment", "react", "report",
    };
    return a < PA_COUNT ? names[a] : "?";
}

acl_verdict acl_drive(const auth_user *u, const drive_facts *d, drive_action a)
{
    if (!is_active(u) || !d) return ACL_HIDDEN;
    if (d->personal) {
        /* a personal drive is its owner's: administrators do not enter
         * it; others only see what is shared with them */
        int owner = d->owner_id == u->id;
        if (!owner && d->share == SHARE_NONE) return ACL_HIDDEN;
        switch (a) {
        case DA_READ: return ACL_ALLOW;
        case DA_WRITE: return owner || d->share == SHARE_EDIT ? ACL_ALLOW : ACL_DENY;
        case DA_DELETE:
            if (d->drive_root) return ACL_DENY;
            return owner || (d->share == SHARE_EDIT && !d->shared_root) ? ACL_ALLOW : ACL_DENY;
        case DA_RESTORE: case DA_PURGE: case DA_SHARE:
            return owner && !d->drive_root ? ACL_ALLOW : ACL_DENY;
        case DA_COUNT: break;
        }
        return ACL_DENY;
    }
    /* a group's drive follows the group: readers read, members write,
     * drive managers restore what anyone deleted and empty the trash */
    acl_verdict read = acl_group(u, &d->group, GA_READ);
    if (read != ACL_ALLOW) return ACL_HIDDEN;
    acl_verdict write = acl_group(u, &d->group, GA_DRIVE);
    acl_verdict manage = acl_group(u, &d->group, GA_MANAGE_DRIVE);
    if (manage == ACL_ALLOW && d->group.archived) manage = ACL_ARCHIVED;
    switch (a) {
    case DA_READ: return ACL_ALLOW;
    case DA_WRITE: return write;
    case DA_DELETE: return d->drive_root ? ACL_DENY : write;
    case DA_RESTORE:
        if (manage == ACL_ALLOW || manage == ACL_ARCHIVED) return manage;
        return write == ACL_ALLOW && d->trashed_by != u->id ? ACL_DENY : write;
    case DA_PURGE: return d->drive_root ? ACL_DENY : manage;
    case DA_SHARE: return ACL_DENY;          /* shared by membership */
    case DA_COUNT: break;
    }
    return ACL_DENY;
}

const char *acl_drive_action_name(drive_action a)
{
    static const char *names[DA_COUNT] = { "read", "write", "delete", "restore", "purge", "share" };
    return a < DA_COUNT ? names[a] : "?";
}

const char **acl_search_scopes(req *r, const long long *groups, int ngroups)
{
    /* "I*": what every signed-in person may see (the directory, public and
     * private groups' names, public groups' content); "U<id>": a person's
     * own drive and what is shared with them; "G<id>": what the members of
     * a group see; "A*": what administrators see besides (secret groups'
     * names, every group's content). */
    const char **s = arena_alloc(r->a, (size_t)(ngroups + 4) * sizeof *s);
    int n = 0;
    if (r->user && is_active(r->user)) {
        /* a guest: not what every signed-in person finds (the directory,
         * the news, public groups), only their drive and their groups */
        if (!r->user->guest) s[n++] = SCOPE_SIGNED_IN;
        s[n++] = scope_person(arena_alloc(r->a, TERM_MAX), r->user->id);   /* my drive and what is shared with me */
        if (acl_is_admin(r->user)) s[n++] = SCOPE_ADMINS;
        for (int i = 0; i < ngroups; i++) s[n++] = scope_members(arena_alloc(r->a, TERM_MAX), groups[i]);
    }
    s[n] = NULL;
    return s;
}

const char **acl_search_unpublished_seen(req *r, const group_facts *memberships, int n)
{
    if (r->user && is_active(r->user) && acl_is_admin(r->user)) return NULL;
    const char **s = arena_alloc(r->a, (size_t)(n + 3) * sizeof *s);
    int k = 0;
    if (r->user && is_active(r->user)) {
        s[k++] = term_post_author(arena_alloc(r->a, TERM_MAX), r->user->id);
        if (acl_can_publish_news(r->user)) s[k++] = term_group(arena_alloc(r->a, TERM_MAX), 0);
        for (int i = 0; i < n; i++)
            if (acl_group(r->user, &memberships[i], GA_MODERATE) == ACL_ALLOW)
                s[k++] = term_group(arena_alloc(r->a, TERM_MAX), memberships[i].id);
    }
    s[k] = NULL;
    return s;
}

acl_verdict acl_conversation(const auth_user *u, const conversation_facts *c, conversation_action a)
{
    if (!is_active(u) || !c) return ACL_HIDDEN;
    /* closing does not need reading: administrators never read what they are not in */
    if (a == CA_CLOSE) return acl_is_admin(u) ? ACL_ALLOW : ACL_DENY;
    int takes_part;
    if (c->kind == CONV_ROOM) {
        /* its people are the group's members at every moment */
        if (c->group_role == ROLE_NONE && !c->group_manager) return ACL_HIDDEN;
        if (a == CA_ENABLE) return c->group_manager ? ACL_ALLOW : ACL_DENY;
        if (c->group_role == ROLE_NONE) return ACL_HIDDEN;
        if (!c->enabled) return ACL_DENY;
        takes_part = 1;
    } else {
        takes_part = c->participant;
    }
    if (!takes_part) return ACL_HIDDEN;
    switch (a) {
    case CA_READ: case CA_OWN_STATE: case CA_REPORT:
        return ACL_ALLOW;
    case CA_SEND: case CA_REACT: case CA_ATTACH:
        if (c->closed) return ACL_CLOSED;
        if (c->archived) return ACL_ARCHIVED;
        return c->kind == CONV_DIRECT && c->peer_gone && a != CA_REACT ? ACL_PEER_GONE : ACL_ALLOW;
    case CA_LEAVE:
        return c->kind == CONV_ROOM ? ACL_NOT_FOR_KIND : ACL_ALLOW;
    case CA_ADD: case CA_REMOVE:
        if (c->kind != CONV_GROUP) return ACL_NOT_FOR_KIND;
        if (c->creator_only && !c->creator) return ACL_DENY;
        return c->closed ? ACL_CLOSED : ACL_ALLOW;
    case CA_RENAME:
        if (c->kind != CONV_GROUP) return ACL_NOT_FOR_KIND;
        return c->closed ? ACL_CLOSED : ACL_ALLOW;
    case CA_SETTINGS:
        if (c->kind != CONV_GROUP) return ACL_NOT_FOR_KIND;
        return c->creator ? ACL_ALLOW : ACL_DENY;
    case CA_ENABLE:
        return ACL_NOT_FOR_KIND;
    case CA_CLOSE: case CA_COUNT:
        break;
    }
    return ACL_DENY;
}

const char *acl_conversation_action_name(conversation_action a)
{
    static const char *names[CA_COUNT] = {
        "read", "send", "react", "attach", "add", "remove", "leave", "rename", "settings", "enable",
        "own_state", "report", "close",
    };
    return a < CA_COUNT ? names[a] : "?";
}

acl_verdict acl_chat_message_change(const auth_user *u, const conversation_facts *c, long long author_id)
{
    acl_verdict v = acl_conversation(u, c, CA_READ);
    if (v != ACL_ALLOW) return v;
    if (author_id != u->id) return ACL_DENY;
    return c->closed ? ACL_CLOSED : c->archived ? ACL_ARCHIVED : ACL_ALLOW;
}

int acl_refuse_chat(req *r, acl_verdict v)
{
    switch (v) {
    case ACL_HIDDEN: return resp_error(r, 404, "not_found", M_CHAT_NOT_FOUND);
    case ACL_CLOSED: return resp_error(r, 409, "conflict", M_CHAT_CLOSED);
    case ACL_NOT_FOR_KIND: return resp_error(r, 409, "conflict", M_CHAT_NOT_FOR_KIND);
    case ACL_PEER_GONE: return resp_error(r, 409, "conflict", M_CHAT_PEER_GONE);
    case ACL_DENY: return resp_error(r, 403, "forbidden", M_FORBIDDEN);
    case ACL_ARCHIVED: return resp_error(r, 409, "conflict", M_GROUP_ARCHIVED);
    case ACL_ALLOW: break;
    }
    return resp_error(r, 500, "internal", M_INTERNAL);
}

const char **acl_search_conversation_scopes(req *r, const long long *conversations, int n)
{
    const char **s = arena_alloc(r->a, (size_t)(n + 1) * sizeof *s);
    int k = 0;
    for (int i = 0; r->user && is_active(r->user) && i < n; i++)
        s[k++] = scope_conversation(arena_alloc(r->a, TERM_MAX), conversations[i]);
    s[k] = NULL;
    return s;
}

int acl_can_publish_charter(const auth_user *u)
{
    return acl_is_admin(u);
}

acl_verdict acl_report(const auth_user *u, int can_read, long long author_id)
{
    if (!is_active(u) || !can_read) return ACL_HIDDEN;
    return author_id == u->id ? ACL_DENY : ACL_ALLOW;
}

acl_verdict acl_can_moderate_report(const auth_user *u, const report_facts *f)
{
    if (!is_active(u) || !f) return ACL_HIDDEN;
    if (acl_is_admin(u)) return ACL_ALLOW;
    if (f->news) return ACL_HIDDEN;
    return acl_group(u, &f->group, GA_MODERATE) == ACL_ALLOW ? ACL_ALLOW : ACL_HIDDEN;
}

int acl_report_tells_admins(const report_facts *f)
{
    return f && (f->news || f->group_moderators == 0);
}

/* --- guests (docs/guests.md) --- */

int acl_can_see_account_expiry(const auth_user *viewer, long long target_id)
{
    return is_active(viewer) && (viewer->id == target_id || acl_is_admin(viewer));
}

int acl_can_see_person_sharing(const auth_user *viewer, const char *target_status, long long target_id,
                               int shares_group)
{
    if (!is_active(viewer)) return 0;
    if (!viewer->guest) return acl_can_see_person(viewer, target_status);
    if (viewer->id == target_id) return 1;
    return shares_group && target_status && strcmp(target_status, "active") == 0;
}

int acl_can_browse_directory(const auth_user *u)
{
    return is_active(u) && !u->guest;
}

int acl_can_chat_with(const auth_user *u, int shares_group)
{
    if (!is_active(u)) return 0;
    return !u->guest || shares_group;
}

int acl_can_be_guest(const char *role)
{
    return role && strcmp(role, "admin") != 0;
}

/* --- GDPR self-service --- */

int acl_can_export_own_data(const auth_user *u)
{
    return is_active(u);
}

int acl_can_download_export(const auth_user *viewer, long long owner_id)
{
    return is_active(viewer) && owner_id > 0 && viewer->id == owner_id;
}

/* --- polls on posts --------------------------------------------------- */

acl_verdict acl_poll_create(const auth_user *u, const post_facts *p)
{
    acl_verdict read = acl_post(u, p, PA_READ);
    if (read != ACL_ALLOW) return read;
    return acl_post(u, p, PA_EDIT);
}

acl_verdict acl_poll(const auth_user *u, const poll_facts *p, poll_action a)
{
    if (!p) return ACL_HIDDEN;
    acl_verdict read = acl_post(u, &p->post, PA_READ);
    if (read != ACL_ALLOW) return read;
    int author = p->post.author_id == u->id;
    /* the news' editors or the group's moderators (archived or not) */
    int moderator = acl_post(u, &p->post, PA_MODERATE) != ACL_DENY;
    int owner = author || moderator;
    int archived = !p->post.news && p->post.group.archived;
    switch (a) {
    case POA_VOTE:
        if (!p->post.published) return ACL_DENY;
        if (archived) return ACL_ARCHIVED;
        return p->closed ? ACL_CLOSED : ACL_ALLOW;
    case POA_RESULTS:
        if (owner || p->results == POLL_RESULTS_ALWAYS || p->closed) return ACL_ALLOW;
        return p->results == POLL_RESULTS_AFTER_VOTE && p->voted ? ACL_ALLOW : ACL_DENY;
    case POA_VOTERS:
        return owner && !p->anonymous ? ACL_ALLOW : ACL_DENY;
    case POA_EXPORT:
        return owner ? ACL_ALLOW : ACL_DENY;
    case POA_CLOSE:
        if (!owner) return ACL_DENY;
        return p->closed ? ACL_CLOSED : ACL_ALLOW;
    case POA_COUNT: break;
    }
    return ACL_DENY;
}

/* --- events --- */

static int event_runs_it(const auth_user *u, const event_facts *e)
{
    if (e->org) return acl_can_publish_news(u);
    if (acl_is_admin(u) || e->organizer_id == u->id) return 1;
    return acl_group(u, &e->group, GA_MANAGE) == ACL_ALLOW;
}

acl_verdict acl_event(const auth_user *u, const event_facts *e, event_action a)
{
    if (!is_active(u) || !e) return ACL_HIDDEN;
    /* seeing it: the rest needs it */
    if (e->org) {
        if (u->guest && !e->invited) return ACL_HIDDEN;
    } else if (acl_group(u, &e->group, GA_READ) != ACL_ALLOW
               && !(e->invited && acl_group(u, &e->group, GA_SEE) == ACL_ALLOW)) {
        return ACL_HIDDEN;
    }
    switch (a) {
    case EA_SEE:
        return ACL_ALLOW;
    case EA_EDIT:
    case EA_CANCEL:
        if (!event_runs_it(u, e)) return ACL_DENY;
        return !e->org && e->group.archived ? ACL_ARCHIVED : ACL_ALLOW;
    case EA_ANSWER:
        if (!e->invited) return ACL_DENY;
        return !e->org && e->group.archived ? ACL_ARCHIVED : ACL_ALLOW;
    case EA_SEE_ANSWERS:
        return event_runs_it(u, e) ? ACL_ALLOW : ACL_DENY;
    case EA_REMIND:
        if (!event_runs_it(u, e)) return ACL_DENY;
        return !e->org && e->group.archived ? ACL_ARCHIVED : ACL_ALLOW;
    case EA_COUNT:
        break;
    }
    return ACL_DENY;
}

const char *acl_poll_action_name(poll_action a)
{
    static const char *names[POA_COUNT] = { "vote", "results", "voters", "export", "close" };
    return a < POA_COUNT ? names[a] : "?";
}

const char *acl_event_action_name(event_action a)
{
    static const char *const names[EA_COUNT] = {
        [EA_SEE] = "see", [EA_EDIT] = "edit", [EA_CANCEL] = "cancel", [EA_ANSWER] = "answer",
        [EA_SEE_ANSWERS] = "see_answers", [EA_REMIND] = "remind",
    };
    return (int)a >= 0 && a < EA_COUNT ? names[a] : "?";
}

acl_verdict acl_event_create(const auth_user *u, const group_facts *g)
{
    if (!g) return acl_can_publish_news(u) ? ACL_ALLOW : is_active(u) && !u->guest ? ACL_DENY : ACL_HIDDEN;
    return acl_group(u, g, GA_POST);
}

int acl_event_invitable(int org, group_visibility vis, int member, int guest, int active)
{
    if (!active) return 0;
    if (org) return !guest;
    if (member) return 1;
    return !guest && vis != VIS_SECRET;
}

int acl_refuse_event(req *r, acl_verdict v)
{
    if (v == ACL_HIDDEN) return resp_error(r, 404, "not_found", M_EVENT_NOT_FOUND);
    return acl_refuse(r, v);
}

/* --- convocations (docs/convocations.md) --- */
acl_verdict acl_convocation(const auth_user *u, const convocation_facts *c, convocation_action a)
{
    if (!is_active(u) || !c) return ACL_HIDDEN;
    int manages = acl_group(u, &c->group, GA_MANAGE) == ACL_ALLOW;
    int reads = acl_group(u, &c->group, GA_READ) == ACL_ALLOW;
    switch (a) {
    case CVA_SEE:
        return manages || (c->recipient && reads) ? ACL_ALLOW : ACL_HIDDEN;
    case CVA_SEND:
        if (!manages) return reads || acl_group(u, &c->group, GA_SEE) == ACL_ALLOW ? ACL_DENY : ACL_HIDDEN;
        return c->group.archived ? ACL_ARCHIVED : ACL_ALLOW;
    case CVA_RECEIPTS:
        if (manages) return ACL_ALLOW;
        /* a recipient knows it exists; others may not */
        return c->recipient && reads ? ACL_DENY : ACL_HIDDEN;
    case CVA_COUNT:
        break;
    }
    return ACL_HIDDEN;
}

const char *acl_convocation_action_name(convocation_action a)
{
    static const char *const names[CVA_COUNT] = { [CVA_SEND] = "send", [CVA_SEE] = "see", [CVA_RECEIPTS] = "receipts" };
    return a < CVA_COUNT ? names[a] : "?";
}

int acl_welcome_offered(const auth_user *u)
{
    return is_active(u) && !u->guest;
}

int acl_can_manage_directory(const auth_user *u)
{
    return acl_is_admin(u);
}

route_class acl_route_class(const char *pattern)
{
    static const char *const session_only[] = {
        "/session", "/me/password", "/me/tokens", "/me/tokens/{id}", "/admin/tokens", "/admin/tokens/{id}",
        "/me/calendar-token", NULL,
    };
    for (int i = 0; session_only[i]; i++)
        if (strcmp(pattern, session_only[i]) == 0) return RC_SESSION_ONLY;
    return strncmp(pattern, "/admin/", 7) == 0 ? RC_ADMIN : RC_PERSON;
}

token_verdict acl_token(int scopes, const char *method, route_class rc, int is_admin)
{
    int reads = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    /* each scope includes the ones before it */
    int admin = (scopes & SCOPE_ADMIN) != 0;
    int write = admin || (scopes & SCOPE_WRITE);
    int read = write || (scopes & SCOPE_READ);
    switch (rc) {
    case RC_SESSION_ONLY:
        return TOKEN_SESSION_ONLY;
    case RC_ADMIN:
        if (!admin) return TOKEN_NEEDS_ADMIN;
        return is_admin ? TOKEN_ALLOW : TOKEN_NOT_ADMIN;
    case RC_PERSON:
        if (reads) return read ? TOKEN_ALLOW : TOKEN_NEEDS_WRITE;
        return write ? TOKEN_ALLOW : TOKEN_NEEDS_WRITE;
    }
    return TOKEN_SESSION_ONLY;
}

int acl_token_admin_powers(int scopes, int is_admin)
{
    return (scopes & SCOPE_ADMIN) && is_admin;
}

int acl_can_create_token(const auth_user *u, int scopes)
{
    if (!is_active(u) || u->guest) return 0;
    return !(scopes & SCOPE_ADMIN) || acl_is_admin(u);
}

int acl_can_manage_service_tokens(const auth_user *u)
{
    return acl_is_admin(u);
}

acl_verdict acl_group_image(const auth_user *u, const group_facts *g)
{
    acl_verdict v = acl_group(u, g, GA_MANAGE);
    return v == ACL_ALLOW && g->archived ? ACL_ARCHIVED : v;
}

acl_verdict acl_file_preview(const auth_user *u, const drive_facts *d)
{
    return acl_drive(u, d, DA_READ) == ACL_ALLOW ? ACL_ALLOW : ACL_HIDDEN;
}

acl_verdict acl_incoming_hooks(const auth_user *u, const group_facts *g)
{
    acl_verdict v = acl_group(u, g, GA_MANAGE);
    if (v == ACL_ALLOW && g->archived) return ACL_ARCHIVED;
    return v;
}

/* --- outgoing webhooks (docs/webhooks.md) --- */
acl_verdict acl_webhook(const auth_user *u, const group_facts *g, int creating)
{
    if (!is_active(u)) return ACL_HIDDEN;
    if (!g) return u->guest || !acl_is_admin(u) ? ACL_DENY : ACL_ALLOW;
    acl_verdict v = acl_group(u, g, GA_MANAGE);
    if (v != ACL_ALLOW) return v;
    if (u->guest) return ACL_DENY;            /* a guest manager connects no tools */
    return creating && g->archived ? ACL_ARCHIVED : ACL_ALLOW;
}

int acl_webhook_receives(long long sub_group, int creator_admin, long long event_group,
                         group_visibility event_vis)
{
    if (sub_group) return event_group == sub_group;
    if (!event_group || event_vis == VIS_PUBLIC) return 1;
    return creator_admin;
}

/* --- « Veille » and Atom (docs/feeds.md) --- */
acl_verdict acl_group_feeds(const auth_user *u, const group_facts *g, feed_action a)
{
    acl_verdict seen = acl_group(u, g, GA_SEE);
    if (seen != ACL_ALLOW) return seen;
    if (u->guest || acl_group(u, g, GA_MANAGE) != ACL_ALLOW) return ACL_DENY;
    if (a == FA_CHANGE && g->archived) return ACL_ARCHIVED;
    return ACL_ALLOW;
}

int acl_group_atom_public(const group_facts *g)
{
    return g && g->visibility == VIS_PUBLIC;
}

int acl_can_have_atom_token(const auth_user *u)
{
    return is_active(u);
}
int acl_can_manage_sso(const auth_user *u)
{
    return acl_is_admin(u);
}

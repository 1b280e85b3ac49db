package org.tidings.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.tidings.bus.Failure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The named permissions and the roles that bundle them, kept in the room's {@code data} as the
 * seed has it: {@code roles: [{id, name, permissions}]} and the default {@code permissions},
 * which a member whose role the room no longer defines falls back to.
 */
final class Permissions {

  static final String SEND = "send";
  static final String EDIT_OWN = "edit_own";
  static final String DELETE_OWN = "delete_own";
  static final String DELETE_ANY = "delete_any";
  static final String INVITE = "invite";
  static final String KICK = "kick";
  static final String MANAGE_ROLES = "manage_roles";
  static final String RENAME = "rename";

  static final List<String> ALL = List.of(SEND, EDIT_OWN, DELETE_OWN, DELETE_ANY, INVITE, KICK, MANAGE_ROLES, RENAME);
  static final List<String> MEMBER_DEFAULTS = List.of(SEND, EDIT_OWN, DELETE_OWN);

  static final String OWNER = "owner";
  static final String ADMIN = "admin";
  static final String MEMBER = "member";
  static final Set<String> BUILT_IN = Set.of(OWNER, ADMIN, MEMBER);

  /** A dialog is a conversation of two, not a place anyone manages. */
  private static final Set<String> NOT_IN_DIALOGS = Set.of(INVITE, KICK, MANAGE_ROLES, RENAME);

  private static final Pattern ROLE_NAME = Pattern.compile("[a-z0-9_-]{1,32}");

  private Permissions() {
  }

  /** The data of a new room: the three built-in roles; the default is what a member may do. */
  static JsonObject newRoomData() {
    return new JsonObject()
      .put("roles", new JsonArray()
        .add(role(OWNER, OWNER, ALL))
        .add(role(ADMIN, ADMIN, ALL.stream().filter(p -> !p.equals(MANAGE_ROLES)).toList()))
        .add(role(MEMBER, MEMBER, MEMBER_DEFAULTS)))
      .put("permissions", new JsonArray(MEMBER_DEFAULTS));
  }

  static boolean allows(String roomType, JsonObject data, String role, String permission) {
    if ("dialog".equals(roomType) && NOT_IN_DIALOGS.contains(permission)) {
      return false;
    }
    return granted(data, role).contains(permission);
  }

  static Set<String> granted(JsonObject data, String role) {
    JsonObject defined = find(data, role);
    JsonArray permissions = defined != null ? defined.getJsonArray("permissions") : data.getJsonArray("permissions");
    Set<String> granted = new LinkedHashSet<>();
    if (permissions != null) {
      permissions.forEach(p -> granted.add(String.valueOf(p)));
    }
    return granted;
  }

  static boolean defines(JsonObject data, String role) {
    return find(data, role) != null;
  }

  /** The room data with {@code name} defined (or redefined) as granting {@code permissions}. */
  static JsonObject withRole(JsonObject data, String name, List<String> permissions) {
    JsonObject updated = data.copy();
    JsonArray roles = updated.getJsonArray("roles", new JsonArray());
    JsonObject existing = find(updated, name);
    String id = existing != null ? existing.getString("id") : UUID.randomUUID().toString();
    JsonArray kept = new JsonArray();
    roles.forEach(r -> {
      if (!name.equals(((JsonObject) r).getString("name"))) {
        kept.add(r);
      }
    });
    kept.add(role(id, name, permissions));
    return updated.put("roles", kept);
  }

  static String roleName(String name) {
    if (name == null || !ROLE_NAME.matcher(name).matches()) {
      throw Failure.badRequest("role must be 1 to 32 of a-z, 0-9, _ and -");
    }
    return name;
  }

  static List<String> permissionList(JsonArray given) {
    if (given == null) {
      throw Failure.badRequest("permissions is required");
    }
    Set<String> permissions = new LinkedHashSet<>();
    for (Object p : given) {
      if (!(p instanceof String name) || !ALL.contains(name)) {
        throw Failure.badRequest("permissions must name only " + String.join(", ", ALL));
      }
      permissions.add(name);
    }
    return List.copyOf(permissions);
  }

  private static JsonObject find(JsonObject data, String role) {
    JsonArray roles = data.getJsonArray("roles");
    if (roles == null) {
      return null;
    }
    for (Object r : roles) {
      if (r instanceof JsonObject o && role.equals(o.getString("name"))) {
        return o;
      }
    }
    return null;
  }

  private static JsonObject role(String id, String name, List<String> permissions) {
    return new JsonObject().put("id", id).put("name", name).put("permissions", new JsonArray(permissions));
  }
}

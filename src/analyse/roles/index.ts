/** The role registry: every built-in role, in the order reports are listed. A new role is one file here and one line below. */
import { RoleRegistry } from "../role.js";
import { accounting } from "./accounting.js";
import { ceo } from "./ceo.js";
import { cfo } from "./cfo.js";
import { cmo } from "./cmo.js";
import { cto } from "./cto.js";

export const BUILTIN_ROLES = [ceo, cto, cfo, cmo, accounting] as const;

/** The built-in roles as a registry. */
export const builtinRoles = new RoleRegistry(BUILTIN_ROLES);

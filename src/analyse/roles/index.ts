/** Every role's definition, by role. */
import type { Role } from "../../config/schema.js";
import type { RoleDefinition } from "../analyse.js";
import { accounting } from "./accounting.js";
import { ceo } from "./ceo.js";
import { cfo } from "./cfo.js";
import { cmo } from "./cmo.js";
import { cto } from "./cto.js";

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = { ceo, cto, cfo, cmo, accounting };

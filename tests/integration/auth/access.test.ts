import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actableOrganisationIds, canActFor, getOrganisationAccess, writableOrganisationIds } from "~/models/access.server";
import { getActableOrganisation, listActableOrganisations } from "~/models/organisation.server";
import { addMembership, ensureUser } from "~/models/user.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

describe("the act-for rule", () => {
  let t: TestDb;
  let all: { id: number; name: string; slug: string; signed_via_id: number | null; kind: string }[];
  let helmondUser: number;
  let unieUser: number;
  let analist: number;
  let beheer: number;

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    all = await t.db.selectFrom("organisation").select(["id", "name", "slug", "signed_via_id", "kind"]).execute();
    helmondUser = await userIdOf(t.db, "inkoper@helmond.example");
    unieUser = await userIdOf(t.db, "inkoper@uvw.example");
    analist = await userIdOf(t.db, "analist@ienw.example");
    beheer = await userIdOf(t.db, "beheer@ienw.example");
  });
  afterAll(() => t.cleanup());

  it("lets the Helmond officer act for Helmond only, and denies every waterschap", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    for (const o of all) {
      expect(await canActFor(t.db, { userId: helmondUser, organisationId: o.id }), o.name).toBe(o.id === helmond);
    }
    const waterschappen = all.filter((o) => o.kind === "waterschap");
    expect(waterschappen).toHaveLength(21);
    expect(await getOrganisationAccess(t.db, { userId: helmondUser, organisationId: helmond })).toBe("write");
  });

  it("lets the Unie officer act (and write) for the Unie and all 21 waterschappen, nothing else", async () => {
    const unie = await idOf(t.db, "Unie van Waterschappen");
    const allowed = all.filter((o) => o.id === unie || o.signed_via_id === unie);
    expect(allowed).toHaveLength(22);
    for (const o of all) {
      const expected = allowed.includes(o) ? "write" : null;
      expect(await getOrganisationAccess(t.db, { userId: unieUser, organisationId: o.id }), o.name).toBe(expected);
    }
    const listed = await listActableOrganisations(t.db, { userId: unieUser });
    expect(listed.map((o) => o.id).sort()).toEqual(allowed.map((o) => o.id).sort());
    expect(listed[0]!.name).toBe("Unie van Waterschappen");
  });

  it("does not let ministry reviewers or administrators act for any organisation (not even IenW)", async () => {
    for (const userId of [analist, beheer]) {
      expect(await listActableOrganisations(t.db, { userId })).toEqual([]);
      for (const o of all) expect(await canActFor(t.db, { userId, organisationId: o.id })).toBe(false);
    }
  });

  it("answers a foreign or unknown slug alike (null, so the route gives 404)", async () => {
    expect(await getActableOrganisation(t.db, { userId: helmondUser, slug: "waterschap-aa-en-maas" })).toBeNull();
    expect(await getActableOrganisation(t.db, { userId: helmondUser, slug: "bestaat-niet" })).toBeNull();
    const own = await getActableOrganisation(t.db, { userId: unieUser, slug: "waterschap-aa-en-maas" });
    expect(own).toMatchObject({ name: "Waterschap Aa en Maas", signed_via_name: "Unie van Waterschappen", access: "write" });
  });

  it("gives a viewer read access to their own organisation only, not to those signed via it", async () => {
    const viewer = await ensureUser(t.db, { email: "lezer@castricum.example", name: "Lezer", password: null });
    const castricum = await idOf(t.db, "Gemeente Castricum");
    await addMembership(t.db, { userId: viewer, organisationId: castricum, role: "viewer" });
    expect(await getOrganisationAccess(t.db, { userId: viewer, organisationId: castricum })).toBe("read");
    expect(await canActFor(t.db, { userId: viewer, organisationId: await idOf(t.db, "Gemeente Heiloo") })).toBe(false);
  });

  it("lets an editor of Castricum write for Bergen, Uitgeest and Heiloo", async () => {
    const editor = await ensureUser(t.db, { email: "inkoper@castricum.example", name: "Inkoper", password: null });
    await addMembership(t.db, { userId: editor, organisationId: await idOf(t.db, "Gemeente Castricum"), role: "editor" });
    const names = (await listActableOrganisations(t.db, { userId: editor })).map((o) => o.name);
    expect(names).toEqual(["Gemeente Castricum", "Gemeente Bergen (NH)", "Gemeente Heiloo", "Gemeente Uitgeest"]);
  });

  it("is not transitive and excludes deactivated organisations", async () => {
    const rws = await idOf(t.db, "Rijkswaterstaat");
    const limburg = await idOf(t.db, "Waterschap Limburg");
    await t.db.updateTable("organisation").set({ active: 0 }).where("id", "=", limburg).execute();
    try {
      expect(await canActFor(t.db, { userId: unieUser, organisationId: limburg })).toBe(false);
      expect(await canActFor(t.db, { userId: unieUser, organisationId: rws })).toBe(false);
    } finally {
      await t.db.updateTable("organisation").set({ active: 1 }).where("id", "=", limburg).execute();
    }
  });

  it("gives the same answer for one organisation (mayActForRow, getActableOrganisation) as for the user's whole set, for every user and organisation", async () => {
    // Mixed cases on top of the demo data: a viewer of the Unie (reads the Unie, not the
    // waterschappen), an editor of a deactivated organisation that others are signed via, and an
    // editor who is also a direct member of an organisation signed via theirs.
    const unie = await idOf(t.db, "Unie van Waterschappen");
    const castricum = await idOf(t.db, "Gemeente Castricum");
    const heiloo = await idOf(t.db, "Gemeente Heiloo");
    const unieViewer = await ensureUser(t.db, { email: "lezer@uvw.example", name: "Lezer Unie", password: null });
    await addMembership(t.db, { userId: unieViewer, organisationId: unie, role: "viewer" });
    const mixed = await ensureUser(t.db, { email: "gemengd@castricum.example", name: "Gemengd", password: null });
    await addMembership(t.db, { userId: mixed, organisationId: castricum, role: "editor" });
    await addMembership(t.db, { userId: mixed, organisationId: heiloo, role: "viewer" });
    await t.db.updateTable("organisation").set({ active: 0 }).where("id", "=", castricum).execute();
    try {
      const users = await t.db.selectFrom("user").select("id").execute();
      expect(users.length).toBeGreaterThan(5);
      for (const { id: userId } of users) {
        const actable = new Set((await actableOrganisationIds(t.db, userId).execute()).map((r) => r.id));
        const writable = new Set((await writableOrganisationIds(t.db, userId).execute()).map((r) => r.id));
        for (const o of all) {
          const expected = writable.has(o.id) ? "write" : actable.has(o.id) ? "read" : null;
          expect(await getOrganisationAccess(t.db, { userId, organisationId: o.id }), `user ${userId}, ${o.name}`).toBe(expected);
          const bySlug = await getActableOrganisation(t.db, { userId, slug: o.slug });
          expect(bySlug?.access ?? null, `user ${userId}, ${o.name} by slug`).toBe(expected);
          if (bySlug) expect(bySlug.actableCount).toBe(actable.size);
        }
      }
      // The cases above are really there. Heiloo is writable through Castricum: the rule asks
      // whether the organisation acted for is active, not its signer. Castricum itself is not
      // (deactivated), and the Unie is read-only for its viewer.
      expect(await getOrganisationAccess(t.db, { userId: mixed, organisationId: heiloo })).toBe("write");
      expect(await getOrganisationAccess(t.db, { userId: mixed, organisationId: castricum })).toBeNull();
      expect(await getOrganisationAccess(t.db, { userId: unieViewer, organisationId: unie })).toBe("read");
      expect(await getOrganisationAccess(t.db, { userId: unieViewer, organisationId: await idOf(t.db, "Waterschap Limburg") })).toBeNull();
    } finally {
      await t.db.updateTable("organisation").set({ active: 1 }).where("id", "=", castricum).execute();
    }
  });

  it("counts the organisations a user may act for with the organisation they open", async () => {
    const own = await getActableOrganisation(t.db, { userId: unieUser, slug: "waterschap-aa-en-maas" });
    expect(own?.actableCount).toBe(22);
    const helmond = await getActableOrganisation(t.db, { userId: helmondUser, slug: "gemeente-helmond" });
    expect(helmond).toMatchObject({ access: "write", actableCount: 1 });
  });
});

// Workload e for the side-by-side harness (shared/peer): the portal's household page — the
// household's facts, village and township, members, cards over time, cadres over time and visits —
// for one household of the 15,000-household county (seed 7) with 3 members, 2 pairings and 30 visits.
// bench/peer/run.sh adds it to the harness's workloads (and typeDefs-e.graphql to the peer's types).

const H = "4306241032040007";
const byKey = (key) => (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export const E = {
    name: "e",
    title: "household page: facts, members, cards over time, cadres over time, visits",
    fupin: {
        query: `query E { household(id: "${H}") { id headName size status card
  village { code name township { code name } } members { id personNo name } cardHistory { color since until } }
  householdHistory(householdId: "${H}", kinds: [PAIRING], direction: ASC, first: 50) {
    edges { node { action since until cadre { id name } } } }
  visits(filter: { householdId: "${H}" }, first: 50) { edges { node { visit { id date mode } cadre { id name } } } } }`,
    },
    peer: {
        query: `query E { households(where: { id: { eq: "${H}" } }) { id headName size status card
  village { code name township { code name } } members(sort: [{ personNo: ASC }]) { uid personNo name }
  cardsConnection(sort: [{ edge: { since: ASC } }]) { edges { properties { since until } node { color } } }
  pairedByConnection(sort: [{ edge: { since: ASC } }]) { edges { properties { since until } node { uid name } } }
  visits(sort: [{ date: DESC }]) { id date mode madeBy { uid name } } } }`,
    },
    // One page: a list of one household (the shape verify.mjs counts).
    normFupin: (d) => {
        const { cardHistory, members, ...h } = d.household;
        return [{
            ...h,
            members,
            cards: cardHistory,
            cadres: d.householdHistory.edges
                .map((e) => e.node)
                .filter((n) => n.action === "STARTED")
                .map((n) => ({ since: n.since, until: n.until, cadre: n.cadre }))
                .sort(byKey((p) => `${p.since}:${p.cadre.id}`)),
            visits: d.visits.edges
                .map(({ node: n }) => ({ ...n.visit, cadre: n.cadre }))
                .sort(byKey((v) => v.id)),
        }];
    },
    normPeer: (d) => {
        const { cardsConnection, pairedByConnection, visits, members, ...h } = d.households[0];
        return [{
            ...h,
            members: members.map(({ uid, ...m }) => ({ id: uid, ...m })),
            cards: cardsConnection.edges.map((e) => ({ color: e.node.color, ...e.properties })),
            cadres: pairedByConnection.edges
                .map((e) => ({ ...e.properties, cadre: { id: e.node.uid, name: e.node.name } }))
                .sort(byKey((p) => `${p.since}:${p.cadre.id}`)),
            visits: visits
                .map(({ madeBy, ...v }) => ({ ...v, cadre: madeBy && { id: madeBy.uid, name: madeBy.name } }))
                .sort(byKey((v) => v.id)),
        }];
    },
};

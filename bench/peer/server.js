// The peer of diplograph in bench/run.sh: the same GraphQL queries served by
// @neo4j/graphql 7 on graphql-yoga, over the same Neo4j and data.
//
// The types mirror diplograph's schema (graph/*.graphqls) for the fields the
// benchmark asks for: nodes are @node types, edges of the graph are
// @relationship fields, derived values (a country's partners, an event's
// sources) are @cypher fields. diplograph's root fields take a filter object
// and return a page; here each is a thin resolver that translates the
// arguments into the library's own generated connection query
// (meetingsConnection, agreementsConnection, eventsConnection), passing the
// client's selection through unchanged, as a team using the library would.
// (@neo4j/graphql reserves type names ending in Connection, so the page
// types are called …Page; request bodies never name them.)
//
// Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE,
// PEER_PORT (8081), PEER_POOL (driver pool size, as diplograph's).
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import { graphql, print } from "graphql";
import neo4j from "neo4j-driver";

const env = (k, d) => process.env[k] || d;

const typeDefs = /* GraphQL */ `
  interface Event {
    id: ID!
    date: Date
    name: String!
    countries: [Country!]! @declareRelationship
  }

  type Country @node {
    code: String!
    name: String!
    nameAr: String @alias(property: "name_ar")
    kind: String
    partners: [Partner!]!
      @cypher(
        statement: """
        MATCH (this)-[p:PARTNER_OF]-(o:Country)
        WITH p, o ORDER BY p.rank DESC, o.name
        RETURN {
          country: o {.code, .name, .kind, nameAr: o.name_ar},
          since: p.since,
          level: {name: p.level, rank: p.rank, id: p.level_id, scale: p.scale, qualifiers: p.qualifiers}
        } AS partner
        """
        columnName: "partner"
      )
  }

  type Partner {
    country: PartnerCountry!
    level: PartnershipLevel!
    since: Date
  }

  type PartnerCountry {
    code: String!
    name: String!
    nameAr: String
    kind: String
  }

  type PartnershipLevel {
    id: ID
    name: String!
    rank: Int
    scale: String
    qualifiers: [String!]!
  }

  type Person @node {
    id: ID!
    name: String!
    nameAr: String @alias(property: "name_ar")
    meetings(from: Date, to: Date, first: Int = 20): [Meeting!]!
      @cypher(
        statement: """
        MATCH (this)-[:PARTICIPATED_IN]->(m:Meeting)
        WHERE ($from IS NULL OR m.date >= date($from)) AND ($to IS NULL OR m.date <= date($to))
        RETURN m ORDER BY m.date IS NULL, m.date DESC, m.id ASC LIMIT $first
        """
        columnName: "m"
      )
  }

  type Source {
    sentence: Int
    start: Int
    end: Int
    quote: String
    confidence: Float
    extractor: String
    article: SourceArticle!
  }

  type SourceArticle {
    id: ID!
    url: String
    outlet: String
    published: Date
    lang: String
    title: String
  }

  type Meeting implements Event @node {
    id: ID!
    kind: String!
    date: Date
    name: String!
    countries: [Country!]! @relationship(type: "INVOLVES", direction: OUT)
    participants: [Person!]! @relationship(type: "PARTICIPATED_IN", direction: IN)
    agreements: [Agreement!]! @relationship(type: "PRODUCED", direction: OUT)
    sources: [Source!]! @cypher(statement: "@@SOURCES@@", columnName: "source")
  }

  type Visit implements Event @node {
    id: ID!
    kind: String!
    status: String!
    date: Date
    name: String!
    countries: [Country!]! @relationship(type: "INVOLVES", direction: OUT)
    visitor: Person @relationship(type: "PARTICIPATED_IN", direction: IN)
    sources: [Source!]! @cypher(statement: "@@SOURCES@@", columnName: "source")
  }

  type Agreement implements Event @node {
    id: ID!
    kind: String!
    fields: [String!]!
    signed: Boolean!
    date: Date
    name: String!
    countries: [Country!]! @relationship(type: "PARTY", direction: OUT)
    signatories: [Person!]! @relationship(type: "SIGNED", direction: IN)
    witnesses: [Person!]! @relationship(type: "WITNESSED", direction: IN)
    meeting: Meeting @relationship(type: "PRODUCED", direction: IN)
    sources: [Source!]! @cypher(statement: "@@SOURCES@@", columnName: "source")
  }

  type PartnershipUpgrade implements Event @node {
    id: ID!
    date: Date
    name: String!
    status: String!
    countries: [Country!]! @relationship(type: "BETWEEN", direction: OUT)
    meeting: Meeting @relationship(type: "ANNOUNCED", direction: IN)
    sources: [Source!]! @cypher(statement: "@@SOURCES@@", columnName: "source")
  }

  type PageInfo2 {
    hasNextPage: Boolean!
    endCursor: String
  }
  type MeetingRow {
    cursor: String!
    node: Meeting!
  }
  type MeetingPage {
    edges: [MeetingRow!]!
    pageInfo: PageInfo2!
    totalCount: Int!
  }
  type AgreementRow {
    cursor: String!
    node: Agreement!
  }
  type AgreementPage {
    edges: [AgreementRow!]!
    pageInfo: PageInfo2!
    totalCount: Int!
  }
  type EventRow {
    cursor: String!
    node: Event!
  }
  type EventPage {
    edges: [EventRow!]!
    pageInfo: PageInfo2!
    totalCount: Int!
  }

  input MeetingFilter {
    countries: [String!]
    people: [ID!]
    from: Date
    to: Date
    kind: String
  }
  input AgreementFilter {
    countries: [String!]
    kind: String
    from: Date
    to: Date
  }

  type Query {
    country(code: String!): Country
      @cypher(statement: "MATCH (c:Country {code: toUpper(trim($code))}) RETURN c", columnName: "c")
    meetings(filter: MeetingFilter, first: Int, after: String): MeetingPage!
    agreements(filter: AgreementFilter, first: Int, after: String): AgreementPage!
    timeline(country: String, person: ID, from: Date, to: Date, first: Int, after: String): EventPage!
  }
`.replaceAll(
  "@@SOURCES@@",
  "MATCH (this)-[r:REPORTED_IN]->(a:Article) WITH r, a ORDER BY a.published, a.id RETURN {sentence: r.sentence, start: r.start, end: r.end, quote: r.quote, confidence: r.confidence, extractor: r.extractor, article: a {.id, .url, .outlet, .published, .lang, .title}} AS source",
);

// conditions common to diplograph's filters, in the library's where syntax
function dateRange(f) {
  const w = [];
  if (f.from) w.push({ date: { gte: f.from } });
  if (f.to) w.push({ date: { lte: f.to } });
  return w;
}
function allCountries(codes) {
  return (codes || []).map((c) => ({ countries: { some: { code: { eq: c.trim().toUpperCase() } } } }));
}

// delegate runs the library's connection field root with the client's own
// selection of the page: totalCount, pageInfo and edges { cursor node {…} }.
async function delegate(info, context, root, args) {
  // the type of each node travels with it, so that an interface (Event)
  // resolves to its object type again
  const selection = print(info.fieldNodes[0].selectionSet).replace(/\bnode\s*\{/g, "node { __resolveType: __typename ");
  const res = await graphql({
    schema,
    source: `query ($where: ${root.where}, $sort: [${root.sort}!], $first: Int, $after: String) {
      page: ${root.field}(where: $where, sort: $sort, first: $first, after: $after) ${selection} }`,
    variableValues: args,
    contextValue: context,
  });
  if (res.errors?.length) throw res.errors[0];
  return res.data.page;
}

const newestFirst = [{ date: "DESC" }, { id: "ASC" }];

const resolvers = {
  Query: {
    meetings: (_, { filter = {}, first = 20, after }, context, info) => {
      const f = filter || {};
      const and = [...allCountries(f.countries), ...dateRange(f)];
      for (const id of f.people || []) and.push({ participants: { some: { id: { eq: id } } } });
      if (f.kind) and.push({ kind: { eq: f.kind.toLowerCase() } });
      return delegate(info, context, { field: "meetingsConnection", where: "MeetingWhere", sort: "MeetingSort" },
        { where: { AND: and }, sort: newestFirst, first, after });
    },
    agreements: (_, { filter = {}, first = 20, after }, context, info) => {
      const f = filter || {};
      const and = [...allCountries(f.countries), ...dateRange(f)];
      if (f.kind) and.push({ kind: { eq: f.kind.toLowerCase() } });
      return delegate(info, context, { field: "agreementsConnection", where: "AgreementWhere", sort: "AgreementSort" },
        { where: { AND: and }, sort: newestFirst, first, after });
    },
    timeline: (_, { country, from, to, first = 20, after }, context, info) => {
      if (!country) throw new Error("the peer's timeline takes a country");
      const and = [...allCountries([country]), ...dateRange({ from, to })];
      return delegate(info, context, { field: "eventsConnection", where: "EventWhere", sort: "EventSort" },
        { where: { AND: and }, sort: newestFirst, first, after });
    },
  },
};

const driver = neo4j.driver(
  env("NEO4J_URI", "bolt://127.0.0.1:7687"),
  neo4j.auth.basic(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD", "diplograph")),
  { maxConnectionPoolSize: Number(env("PEER_POOL", "100")) },
);
const schema = await new Neo4jGraphQL({ typeDefs, driver, resolvers }).getSchema();
const database = env("NEO4J_DATABASE", "neo4j");
const yoga = createYoga({
  schema,
  graphqlEndpoint: "/graphql",
  graphiql: false,
  logging: "warn",
  context: () => ({ sessionConfig: { database } }),
});
const port = Number(env("PEER_PORT", "8081"));
const server = createServer(yoga);
server.listen(port, "127.0.0.1", () => console.log(`peer: @neo4j/graphql at http://127.0.0.1:${port}/graphql`));
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => server.close(() => driver.close().then(() => process.exit(0))));
}

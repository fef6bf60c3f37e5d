-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IssuedDocument" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL DEFAULT '',
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedById" INTEGER NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL DEFAULT '',
    "actDate" DATETIME,
    "agencyId" INTEGER,
    "fileBase" TEXT NOT NULL DEFAULT '',
    "fileName" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "docx" BLOB,
    "pdf" BLOB,
    "supersededAt" DATETIME,
    "supersededById" INTEGER,
    CONSTRAINT "IssuedDocument_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_IssuedDocument" ("blocYearId", "id", "issuedAt", "issuedById", "kind", "number") SELECT "blocYearId", "id", "issuedAt", "issuedById", "kind", "number" FROM "IssuedDocument";
DROP TABLE "IssuedDocument";
ALTER TABLE "new_IssuedDocument" RENAME TO "IssuedDocument";
CREATE INDEX "IssuedDocument_blocYearId_key_idx" ON "IssuedDocument"("blocYearId", "key");
CREATE UNIQUE INDEX "IssuedDocument_blocYearId_kind_number_key" ON "IssuedDocument"("blocYearId", "kind", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Backfill: numbers issued before documents were stored. Each gets the key of its document, a
-- tally number goes to the year's closed ballots in the order they were closed, and of several
-- proposal letters (or minutes) of a year all but the last are superseded. Their content is made
-- once, at the first download, and stored from then on.
UPDATE "IssuedDocument" SET "key" = 'MINUTES_YEAR_END' WHERE "kind" = 'MINUTES';
UPDATE "IssuedDocument" SET "key" = 'PROPOSAL_LETTER' WHERE "kind" = 'PROPOSAL_LETTER';
UPDATE "IssuedDocument" SET "key" = COALESCE('TALLY:' || CAST((
  SELECT b."id" FROM (SELECT "id", "blocYearId", ROW_NUMBER() OVER (PARTITION BY "blocYearId" ORDER BY "closedAt", "id") AS rn FROM "Ballot" WHERE "status" = 'CLOSED') b
  JOIN (SELECT "id", "blocYearId", ROW_NUMBER() OVER (PARTITION BY "blocYearId" ORDER BY "id") AS rn FROM "IssuedDocument" WHERE "kind" = 'TALLY') x
    ON x."blocYearId" = b."blocYearId" AND x.rn = b.rn
  WHERE x."id" = "IssuedDocument"."id"
) AS TEXT), '') WHERE "kind" = 'TALLY';
UPDATE "IssuedDocument" SET "supersededAt" = "issuedAt", "supersededById" = (
  SELECT MIN(n."id") FROM "IssuedDocument" n WHERE n."blocYearId" = "IssuedDocument"."blocYearId" AND n."key" = "IssuedDocument"."key" AND n."id" > "IssuedDocument"."id"
) WHERE "key" IN ('MINUTES_YEAR_END', 'PROPOSAL_LETTER') AND EXISTS (
  SELECT 1 FROM "IssuedDocument" n WHERE n."blocYearId" = "IssuedDocument"."blocYearId" AND n."key" = "IssuedDocument"."key" AND n."id" > "IssuedDocument"."id"
);

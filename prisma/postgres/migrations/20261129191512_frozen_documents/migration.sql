-- AlterTable
ALTER TABLE "IssuedDocument" ADD COLUMN     "actDate" TIMESTAMP(3),
ADD COLUMN     "agencyId" INTEGER,
ADD COLUMN     "docx" BYTEA,
ADD COLUMN     "fileBase" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "fileName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "model" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "pdf" BYTEA,
ADD COLUMN     "supersededAt" TIMESTAMP(3),
ADD COLUMN     "supersededById" INTEGER,
ADD COLUMN     "title" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "IssuedDocument_blocYearId_key_idx" ON "IssuedDocument"("blocYearId", "key");


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

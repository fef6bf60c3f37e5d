-- DropIndex
DROP INDEX "IssuedDocument_blocYearId_kind_idx";

-- AlterTable
ALTER TABLE "AgencyVersion" ADD COLUMN     "searchKey" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "BlocVersion" ADD COLUMN     "searchKey" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "searchKey" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "BallotSeal" (
    "id" TEXT NOT NULL,
    "ballotId" INTEGER NOT NULL,
    "sealed" TEXT NOT NULL,

    CONSTRAINT "BallotSeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastFailureAt" TIMESTAMP(3) NOT NULL,
    "blockedUntil" TIMESTAMP(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "BallotSeal_ballotId_idx" ON "BallotSeal"("ballotId");

-- CreateIndex
CREATE INDEX "LoginThrottle_lastFailureAt_idx" ON "LoginThrottle"("lastFailureAt");

-- CreateIndex
CREATE UNIQUE INDEX "IssuedDocument_blocYearId_kind_number_key" ON "IssuedDocument"("blocYearId", "kind", "number");

-- AddForeignKey
ALTER TABLE "BallotSeal" ADD CONSTRAINT "BallotSeal_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


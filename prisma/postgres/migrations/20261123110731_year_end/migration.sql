-- DropIndex
DROP INDEX "AwardProposal_blocYearId_idx";

-- DropIndex
DROP INDEX "BallotChoice_paperId_candidateId_key";

-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN     "quorumNeeded" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "resultNote" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "thresholdPercent" INTEGER NOT NULL DEFAULT 50;

-- AlterTable
ALTER TABLE "BallotChoice" DROP CONSTRAINT "BallotChoice_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "BallotChoice_pkey" PRIMARY KEY ("paperId", "candidateId");

-- AlterTable
ALTER TABLE "BallotParticipation" ALTER COLUMN "votedById" DROP NOT NULL,
ALTER COLUMN "votedAt" DROP NOT NULL,
ALTER COLUMN "votedAt" DROP DEFAULT;

-- AlterTable
ALTER TABLE "ProvinceRuleSet" DROP COLUMN "flagQuotaMin",
DROP COLUMN "flagQuotaPercent",
DROP COLUMN "govFlagQuotaPercent",
DROP COLUMN "meritQuotaPercent";

-- CreateTable
CREATE TABLE "AwardRule" (
    "id" SERIAL NOT NULL,
    "provinceId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "awardKind" TEXT NOT NULL,
    "quotaMode" TEXT NOT NULL DEFAULT 'PERCENT',
    "quotaValue" INTEGER NOT NULL DEFAULT 20,
    "quotaRounding" TEXT NOT NULL DEFAULT 'UP',
    "quotaMin" INTEGER NOT NULL DEFAULT 0,
    "minBand" TEXT NOT NULL DEFAULT '',
    "maxRank" INTEGER,
    "requiresAward" TEXT NOT NULL DEFAULT '',
    "requireAim" BOOLEAN NOT NULL DEFAULT true,
    "needsBallot" BOOLEAN NOT NULL DEFAULT false,
    "minLdttPercent" INTEGER NOT NULL DEFAULT 0,
    "minCstdcs" INTEGER NOT NULL DEFAULT 0,
    "legalBasis" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AwardRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AwardRule_provinceId_year_awardKind_key" ON "AwardRule"("provinceId", "year", "awardKind");

-- CreateIndex
CREATE UNIQUE INDEX "AwardProposal_blocYearId_awardKind_agencyId_key" ON "AwardProposal"("blocYearId", "awardKind", "agencyId");

-- AddForeignKey
ALTER TABLE "AwardRule" ADD CONSTRAINT "AwardRule_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


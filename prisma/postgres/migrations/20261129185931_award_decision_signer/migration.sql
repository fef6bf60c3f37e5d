-- AlterTable
ALTER TABLE "AwardProposal" ADD COLUMN     "decisionSigner" TEXT NOT NULL DEFAULT '';


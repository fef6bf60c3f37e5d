-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "chairTitle" TEXT NOT NULL DEFAULT '';


-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "provinceId" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "AuditLog_provinceId_id_idx" ON "AuditLog"("provinceId", "id");


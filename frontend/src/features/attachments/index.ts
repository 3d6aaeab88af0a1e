export { useUploads, type Uploads, type UploadItem } from "./hooks/useUploads";
export { useUploadLimits } from "./hooks/useUploadLimits";
export { UploadList } from "./components/UploadChip";
export { AttachButtons } from "./components/AttachButtons";
export { FileDropZone } from "./components/FileDropZone";
export { AttachmentList } from "./components/AttachmentList";

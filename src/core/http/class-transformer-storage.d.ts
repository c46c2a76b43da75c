// class-transformer's metadata (@Type, @Transform, @Expose): its CommonJS entry has no types of its own.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
